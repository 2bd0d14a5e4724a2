using System.Globalization;
using System.Net.WebSockets;
using MarketData.Client.Models;
using MarketData.Client.Testing.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace MarketData.Client.Testing;

/// <summary>
/// An embedded simulator of the TickDB market-data service on loopback: every REST endpoint and the
/// <c>/v1/realtime</c> WebSocket on one port, with realistic, self-consistent, seeded data and scriptable
/// <see cref="Faults"/>. Use it in integration tests of apps built on MarketData.Client, and to run samples without a key.
/// </summary>
/// <remarks>
/// <para>Prices follow a seeded random walk that is a pure function of the simulator's clock
/// (<see cref="MarketDataSimulatorOptions.TimeProvider"/>): the last K-line closes at the ticker's price, bids are
/// below asks, K-lines honour interval, limit and time range, and symbol pages really page. With a fake clock the
/// market stands still between calls, so assertions are exact.</para>
/// <para>Only <see cref="ApiKey"/> is accepted: any other key gets 1001 (REST) or 401 <c>INVALID_TOKEN</c> (upgrade),
/// none gets 1002 (REST) or 401 <c>UNAUTHORIZED</c> (upgrade).</para>
/// </remarks>
/// <example>
/// <code>
/// await using var sim = await MarketDataSimulator.StartAsync();
/// using var client = sim.CreateClient();
/// var tickers = await client.GetTickersAsync(["AAPL.US", "700.HK", "BTCUSDT"]);
/// </code>
/// </example>
public sealed class MarketDataSimulator : IAsyncDisposable
{
    /// <summary>The path of the WebSocket endpoint.</summary>
    public const string StreamPath = "/v1/realtime";

    private readonly MarketDataSimulatorOptions _options;
    private readonly InstrumentCatalog _catalog;
    private readonly Counters _requests = new();
    private readonly Counters _commands = new();
    private readonly StreamHub _stream;
    private readonly RestApi _rest;
    private readonly Queue<SimulatorRequest> _log = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Guid _streamMapping = Guid.NewGuid();
    private WireMockServer? _server;
    private Task _pushLoop = Task.CompletedTask;
    private int _disposed;

    private MarketDataSimulator(MarketDataSimulatorOptions options)
    {
        _options = options;
        _catalog = new InstrumentCatalog(options.Instruments, options.Seed);
        _stream = new StreamHub(_catalog, options, _commands);
        Faults = new SimulatorFaults(_stream);
        _stream.Faults = Faults;
        _rest = new RestApi(_catalog, options.TimeProvider, _stream);
    }

    /// <summary>The REST base address, <c>http://127.0.0.1:{port}/</c>; pass it as <c>MarketDataClientOptions.BaseAddress</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The WebSocket address, <c>ws://127.0.0.1:{port}/v1/realtime</c> (without the API key).</summary>
    public Uri StreamAddress { get; private set; } = null!;

    /// <summary>The port the simulator listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The valid API key.</summary>
    public string ApiKey => _options.ApiKey;

    /// <summary>The options in force (a copy of those passed in).</summary>
    public MarketDataSimulatorOptions Options => _options.Clone();

    /// <summary>Scripted failures: error replies, rate limits, latency, rejected upgrades, dropped or silent streams.</summary>
    public SimulatorFaults Faults { get; }

    /// <summary>The instruments served.</summary>
    public IReadOnlyList<SimulatedInstrument> Instruments => _options.Instruments;

    /// <summary>How many HTTP requests arrived in total (REST calls and WebSocket upgrades, rejected ones included).</summary>
    public int TotalRequestCount => _requests.Total;

    /// <summary>How many WebSocket connections are open.</summary>
    public int ActiveStreamConnections => _stream.ActiveCount;

    /// <summary>How many WebSocket connections were accepted since the start.</summary>
    public int StreamConnectionsAccepted => _stream.AcceptedCount;

    /// <summary>How many (channel, symbol) subscriptions exist across the open connections.</summary>
    public int ActiveSubscriptions => _stream.SubscriptionCount;

    /// <summary>The latest requests received (at most <see cref="MarketDataSimulatorOptions.RequestLogCapacity"/>), oldest first.</summary>
    public IReadOnlyList<SimulatorRequest> ReceivedRequests
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Starts a simulator on loopback.</summary>
    /// <param name="options">The options; null for the defaults (dynamic port, key <c>sim-test-key</c>, seed 42, system clock).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running simulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task<MarketDataSimulator> StartAsync(MarketDataSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var copy = (options ?? new MarketDataSimulatorOptions()).Clone();
        copy.Validate();
        var simulator = new MarketDataSimulator(copy);
        try
        {
            await Task.Run(simulator.Start, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return simulator;
    }

    /// <summary>How many HTTP requests arrived for a path (every method and outcome, retries included).</summary>
    /// <param name="path">The path, for example <c>/v1/market/ticker</c>, or <see cref="StreamPath"/> for upgrade attempts.</param>
    /// <returns>The count.</returns>
    public int RequestCount(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _requests.Get(path);
    }

    /// <summary>How many WebSocket commands with this <c>cmd</c> arrived, across connections (<c>"(invalid)"</c> counts messages that had none).</summary>
    /// <param name="command">The command: <c>subscribe</c>, <c>unsubscribe</c>, <c>ping</c>, or any other name sent.</param>
    /// <returns>The count.</returns>
    public int StreamCommandCount(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return _commands.Get(command);
    }

    /// <summary>Completes when <see cref="RequestCount"/> of a path reaches a number: a signal for tests, no polling.</summary>
    /// <param name="path">The path.</param>
    /// <param name="count">The number to reach.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the count is reached.</returns>
    public Task WaitForRequestCountAsync(string path, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _requests.WaitAsync(path, count, cancellationToken);
    }

    /// <summary>Completes when <see cref="StreamCommandCount"/> of a command reaches a number.</summary>
    /// <param name="command">The command.</param>
    /// <param name="count">The number to reach.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the count is reached.</returns>
    public Task WaitForStreamCommandCountAsync(string command, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return _commands.WaitAsync(command, count, cancellationToken);
    }

    /// <summary>Sets every request and command counter to zero and empties <see cref="ReceivedRequests"/>.</summary>
    public void ResetCounters()
    {
        _requests.Reset();
        _commands.Reset();
        lock (_log)
        {
            _log.Clear();
        }
    }

    /// <summary>Pushes one round of ticker, depth and trade messages to every subscribed connection now (also when automatic pushes are off).</summary>
    /// <param name="cancellationToken">Cancels the round.</param>
    /// <returns>A task that completes when the messages are sent.</returns>
    public Task PushAsync(CancellationToken cancellationToken = default) => _stream.PushAsync(cancellationToken);

    /// <summary>The last price of an instrument at the simulator's current time, as the ticker reports it.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <returns>The price.</returns>
    /// <exception cref="ArgumentException">The symbol is unknown or ambiguous.</exception>
    public decimal GetLastPrice(string symbol, SymbolType? type = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        try
        {
            return _catalog.Resolve(symbol, type).Path.At(_options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        }
        catch (SimulatedError error)
        {
            throw new ArgumentException(error.Message, nameof(symbol));
        }
    }

    /// <summary>Client options pointing at this simulator with its valid key.</summary>
    /// <returns>New options; change them freely.</returns>
    public MarketDataClientOptions CreateClientOptions() => new() { ApiKey = ApiKey, BaseAddress = BaseAddress };

    /// <summary>A client pointing at this simulator with its valid key.</summary>
    /// <param name="configure">Changes the options before the client is created (timeouts, resilience, clock...).</param>
    /// <returns>The client; dispose it.</returns>
    public MarketDataClient CreateClient(Action<MarketDataClientOptions>? configure = null)
    {
        var options = CreateClientOptions();
        configure?.Invoke(options);
        return new MarketDataClient(options);
    }

    /// <summary>Stops the simulator: open WebSocket connections are dropped, pending latency ends.</summary>
    /// <returns>A task that completes when the port is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pushLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stream.DropAll();
        if (_server is { } server)
        {
            await Task.Run(server.Dispose).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void Start()
    {
        var settings = new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{_options.Port.ToString(CultureInfo.InvariantCulture)}"],
            StartAdminInterface = false,
            MaxRequestLogCount = 0,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(GateAsync),
        };
        _server = WireMockServer.Start(settings);
        _server
            .Given(Request.Create().WithPath(StreamPath).UsingGet().WithWebSocketUpgrade())
            .WithGuid(_streamMapping)
            .AtPriority(1)
            .RespondWith(Response.Create().WithWebSocket(ws => ws
                .WithMessageHandler(_stream.OnMessageAsync)
                .WithMaxMessageSize(64 * 1024)
                .WithCloseTimeout(TimeSpan.FromDays(7))));
        _server
            .Given(Request.Create().WithPath(new WildcardMatcher("/*")).UsingAnyMethod())
            .AtPriority(100)
            .RespondWith(Response.Create().WithCallback(HandleRestAsync));

        Port = _server.Port;
        BaseAddress = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
        StreamAddress = new Uri($"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{StreamPath}");
        var interval = _options.PushInterval;
        if (interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
        {
            _pushLoop = Task.Run(() => PushLoopAsync(interval, _stopping.Token));
        }
    }

    private async Task PushLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _options.TimeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await _stream.PushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed round (a socket closing under it) must not end the pushes of the others.
            }
        }
    }

    /// <summary>Runs before WireMock: counts and records every request, and admits or refuses WebSocket upgrades.</summary>
    private async Task GateAsync(HttpContext http, Func<Task> next)
    {
        var path = http.Request.Path.HasValue ? http.Request.Path.Value! : "/";
        var query = new SimQuery(http.Request.QueryString.Value);
        var receivedAt = _options.TimeProvider.GetUtcNow();
        _requests.Increment(path);
        if (path == StreamPath && http.WebSockets.IsWebSocketRequest)
        {
            var (connection, rejection) = _stream.Admit(http, query);
            if (rejection is not null)
            {
                Record(http.Request.Method, path, query, rejection.Status, receivedAt);
                http.Response.StatusCode = rejection.Status;
                http.Response.ContentType = rejection.ContentType;
                http.Response.ContentLength = rejection.Body.Length;
                await http.Response.Body.WriteAsync(rejection.Body).ConfigureAwait(false);
                return;
            }

            Record(http.Request.Method, path, query, StatusCodes.Status101SwitchingProtocols, receivedAt);
            http.Items[StreamHub.ItemKey] = connection;
            if (http.Features.Get<IHttpWebSocketFeature>() is { } feature)
            {
                // Learn the socket the moment WireMock accepts it, so that the simulator can push to and close
                // connections that have not sent anything yet.
                http.Features.Set<IHttpWebSocketFeature>(new CapturingWebSocketFeature(feature, connection!));
            }

            try
            {
                await next().ConfigureAwait(false);
            }
            finally
            {
                _stream.Release(connection!);
            }

            return;
        }

        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            Record(http.Request.Method, path, query, http.Response.StatusCode, receivedAt);
        }
    }

    private void Record(string method, string path, SimQuery query, int status, DateTimeOffset receivedAt)
    {
        if (_options.RequestLogCapacity == 0)
        {
            return;
        }

        var parameters = query.Values.ToDictionary(p => p.Key, p => p.Key == "api_key" ? "***" : p.Value, StringComparer.Ordinal);
        lock (_log)
        {
            _log.Enqueue(new SimulatorRequest(method, path, parameters, status, receivedAt));
            while (_log.Count > _options.RequestLogCapacity)
            {
                _log.Dequeue();
            }
        }
    }

    private async Task<IResponseMessage> HandleRestAsync(IRequestMessage request)
    {
        var path = request.AbsolutePath;
        var latency = Faults.TakeLatency(path);
        if (latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(latency, _options.TimeProvider, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return ToWireMock(SimResponse.Error(new SimulatedError(ErrorCode.ServiceUnavailable, "Simulator stopping")));
            }
        }

        var response = Authenticate(request) ?? Faults.TakeRest(path)
            ?? await _rest.HandleAsync(request.Method.ToUpperInvariant(), path, new SimQuery(request.RawQuery)).ConfigureAwait(false);
        return ToWireMock(response);
    }

    private SimResponse? Authenticate(IRequestMessage request)
    {
        string? key = null;
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
        {
            if (string.Equals(name, "X-API-Key", StringComparison.OrdinalIgnoreCase))
            {
                key = values.FirstOrDefault();
            }
        }

        if (string.IsNullOrEmpty(key))
        {
            return SimResponse.Error(new SimulatedError(ErrorCode.ApiKeyMissing, "API key not provided: send the X-API-Key header"));
        }

        return string.Equals(key, _options.ApiKey, StringComparison.Ordinal)
            ? null
            : SimResponse.Error(new SimulatedError(ErrorCode.InvalidApiKey, "Invalid or expired API key"));
    }

    private static ResponseMessage ToWireMock(SimResponse response)
    {
        var message = new ResponseMessage
        {
            StatusCode = response.Status,
            BodyData = new BodyData { BodyAsBytes = response.Body, DetectedBodyType = BodyType.Bytes },
        };
        message.AddHeader("Content-Type", response.ContentType);
        foreach (var (name, value) in response.Headers)
        {
            message.AddHeader(name, value);
        }

        return message;
    }
}
