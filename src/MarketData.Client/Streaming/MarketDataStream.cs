using MarketData.Client.Shared;
using System.Net;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using MarketData.Client.Diagnostics;
using MarketData.Client.Http;
using MarketData.Client.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketData.Client.Streaming;

/// <summary>
/// A realtime session over the service's WebSocket (<c>wss://…/v1/realtime</c>): typed messages, heartbeats, automatic
/// reconnects with backoff, and subscriptions that survive every reconnect. Thread-safe: subscribe, unsubscribe, read and
/// dispose from any thread.
/// </summary>
/// <remarks>
/// <para>
/// Lifecycle: <see cref="ConnectAsync"/> opens the first connection (at most <see cref="MarketDataStreamOptions.InitialConnectAttempts"/>
/// attempts, then it throws and the stream closes); from then on the stream keeps itself connected. A drop
/// (server close, network reset, a connection silent for <see cref="MarketDataStreamOptions.StaleTimeout"/>, a 5xx or 429 on the
/// upgrade) is followed by a reconnect after an exponential backoff with jitter; every active subscription is sent again, in
/// batches, before any new message is delivered. <see cref="StateChanged"/> reports each step with its reason. An invalid key
/// (401) or a refused permission (403) closes the stream instead: retrying cannot fix them.
/// </para>
/// <para>
/// Messages go through a bounded buffer of <see cref="MarketDataStreamOptions.BufferCapacity"/> messages per channel; see
/// <see cref="StreamBackpressureMode"/> for what happens when the app reads too slowly.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var stream = new MarketDataStream(new MarketDataClientOptions { ApiKey = "..." });
/// stream.StateChanged += (_, e) => Console.WriteLine(e);
/// stream.Error += (_, e) => Console.WriteLine(e.Exception.Message);
/// await stream.ConnectAsync();
/// await stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "700.HK", "BTCUSDT"]);
/// await foreach (var ticker in stream.ReadTickersAsync())
/// {
///     Console.WriteLine($"{ticker.SubscribedSymbol ?? ticker.Symbol}: {ticker.LastPrice}");
/// }
/// </code>
/// </example>
public sealed partial class MarketDataStream : IMarketDataStream
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly MarketDataStreamOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;
    private readonly StreamExceptionFactory _errors;
    private readonly Uri _uri;
    private readonly string _logUri;
    private readonly StreamBuffer _buffer;
    private readonly bool _ownsBuffer;
    private readonly int _connectionIndex;
    private readonly MarketDataTelemetry _telemetry;
    private readonly StreamMessageDecoder _decoder;
    private readonly UpgradeResponseCapture _capture;
    private readonly HttpMessageInvoker _invoker;

    private readonly object _gate = new();
    private readonly object _stateEvents = new();
    private readonly Dictionary<(StreamChannel Channel, string Symbol), SubscriptionEntry> _subscriptions = new(SubscriptionKeyComparer.Instance);
    private readonly TaskCompletionSource<Exception?> _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _version;
    private StreamState _state;
    private StreamConnection? _connection;
    private int _connectionIds;
    private CancellationTokenSource? _stop;
    private Task _session = Task.CompletedTask;
    private bool _started;
    private Exception? _closeReason;
    private int _disposed;
    private long _received;
    private long _malformed;
    private long _ignored;
    private long _sessionDropped;
    private Exception? _lastFailure;

    /// <summary>Creates a stream (it does not connect until <see cref="ConnectAsync"/>).</summary>
    /// <param name="options">The options: <see cref="MarketDataClientOptions.ApiKey"/>, <see cref="MarketDataClientOptions.BaseAddress"/> (https → wss) and <see cref="MarketDataClientOptions.Streaming"/>. Validated here; the stream keeps a copy.</param>
    /// <exception cref="ArgumentException">The options are invalid: no API key, or plain <c>ws://</c> to a host that is not loopback without <see cref="MarketDataClientOptions.AllowInsecureTransport"/>.</exception>
    public MarketDataStream(MarketDataClientOptions options)
        : this(MarketDataClientOptions.ValidatedCopy(options), buffer: null, connectionIndex: 0, telemetry: null)
    {
    }

    /// <param name="validatedCopy">Options from <see cref="MarketDataClientOptions.ValidatedCopy"/>, used as they are.</param>
    /// <param name="buffer">The pool's shared buffer, or null for a buffer of the stream's own.</param>
    /// <param name="connectionIndex">The connection's index in its pool.</param>
    /// <param name="telemetry">The instruments to record to; null for the static ones (no dependency injection).</param>
    internal MarketDataStream(MarketDataClientOptions validatedCopy, StreamBuffer? buffer, int connectionIndex, MarketDataTelemetry? telemetry)
    {
        Options = validatedCopy;
        _telemetry = buffer?.Telemetry ?? telemetry ?? MarketDataTelemetry.Shared;
        _settings = Options.Streaming;
        _time = Options.TimeProvider;
        _logger = (ILogger?)Options.LoggerFactory?.CreateLogger("MarketData.Client.Streaming") ?? NullLogger.Instance;
        _redactor = new SecretRedactor(Options.ApiKey);
        _errors = new StreamExceptionFactory(_redactor);
        (_uri, _logUri) = BuildUri(Options.BaseAddress, Options.ApiKey!);
        _buffer = buffer ?? StreamBuffer.Create(_settings.BufferCapacity, _settings.BackpressureMode, _telemetry);
        _ownsBuffer = buffer is null;
        _connectionIndex = connectionIndex;
        _decoder = new StreamMessageDecoder(new Resolver(this));
        _capture = UpgradeResponseCapture.Create(_settings.ConnectTimeout, _time);
        _invoker = _capture.CreateInvoker();
    }

    /// <summary>Raised on every state change, with the reason (the exception, the attempt number, the delay before it, refused resubscriptions). Raised on a background thread; handlers must not block, and exceptions they throw are logged and ignored.</summary>
    public event EventHandler<StreamStateChangedEventArgs>? StateChanged;

    /// <summary>
    /// Raised for an error that belongs to no pending call: an error message from the server that answers no command (a
    /// <c>cmd: "error"</c> with no command waiting, an unsolicited 5xxx), a subscription refused when the stream reapplied it, a
    /// malformed, binary or oversized frame, pushes discarded during a resubscribe (<see cref="StreamMessagesDroppedException"/>,
    /// once per loss), an exception thrown by an <see cref="OnTicker"/>, <see cref="OnDepth"/> or <see cref="OnTrade"/> handler
    /// (<see cref="StreamHandlerException"/>, once per throw). The stream keeps running.
    /// Raised on the receive thread; handlers must not block, and exceptions they throw are logged and ignored.
    /// </summary>
    public event EventHandler<StreamErrorEventArgs>? Error;

    /// <summary>The options in force (a copy of those passed in).</summary>
    public MarketDataClientOptions Options { get; }

    /// <summary>The current state.</summary>
    public StreamState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>A snapshot of the subscriptions the stream keeps (pending, active, and refused ones).</summary>
    public IReadOnlyList<StreamSubscription> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Values.Select(e => e.ToPublic()).ToArray();
            }
        }
    }

    /// <summary>
    /// Pushes received and then discarded: replaced in the buffer by <see cref="StreamBackpressureMode.DropOldestTicker"/>, held back
    /// during a resubscribe beyond their bound (<see cref="MarketDataStreamOptions.BufferCapacity"/> messages or 4 ×
    /// <see cref="MarketDataStreamOptions.MaxMessageBytes"/> bytes), or held when the connection failed before the resubscribe
    /// was answered, or (<see cref="StreamBackpressureMode.Wait"/>) waiting for room in a full buffer when the connection ended, or
    /// pushed out of a full channel buffer that no reader was taking while another channel was read (reason <c>no_reader</c>).
    /// <see cref="ReceivedMessages"/> = messages read + messages still buffered + messages handed to handlers (<see cref="OnTicker"/>, <see cref="OnDepth"/>, <see cref="OnTrade"/>) + this. Also counted by the
    /// <c>marketdata.client.stream.dropped</c> metric (tagged with the reason); each loss during a resubscribe is reported once on
    /// <see cref="Error"/> (<see cref="StreamMessagesDroppedException"/>).
    /// </summary>
    public long DroppedMessages => _buffer.Dropped + SessionDropped;

    /// <summary>Frames that could not be read (not JSON, a push without a required field, a binary frame); each is also reported on <see cref="Error"/>.</summary>
    public long MalformedMessages => Interlocked.Read(ref _malformed);

    /// <summary>Well-formed messages of a kind the SDK does not know (an unknown <c>cmd</c>), ignored.</summary>
    public long IgnoredMessages => Interlocked.Read(ref _ignored);

    /// <summary>Pushes decoded (ticker, depth and trade messages), whether or not they were read yet.</summary>
    public long ReceivedMessages => Interlocked.Read(ref _received);

    /// <summary>Messages waiting in the buffer for the app to read them, all channels together.</summary>
    public int BufferedMessages => _buffer.Count;

    /// <summary>The URL the stream connects to, with the key masked (<c>api_key=***</c>).</summary>
    public string Url => _logUri;

    /// <summary>
    /// Opens the first connection and applies the subscriptions made so far. Returns once connected; transient failures (5xx
    /// or 429 on the upgrade, network errors, <see cref="MarketDataStreamOptions.ConnectTimeout"/>) are retried with backoff meanwhile
    /// and reported on <see cref="StateChanged"/>, up to <see cref="MarketDataStreamOptions.InitialConnectAttempts"/> attempts in all.
    /// Returns at once if the stream has connected before.
    /// </summary>
    /// <param name="cancellationToken">
    /// Stops waiting. If the stream has not connected yet, it also stops every attempt: the stream is then closed (create a new
    /// one), and the <see cref="OperationCanceledException"/> carries the last attempt's failure, if any, as inner exception.
    /// </param>
    /// <returns>A task that completes when connected.</returns>
    /// <exception cref="MarketDataAuthenticationException">The upgrade was refused with 401 or 403 (<see cref="InvalidApiKeyException"/>, <see cref="ApiKeyMissingException"/>, <see cref="InsufficientPermissionsException"/>); the stream is closed.</exception>
    /// <exception cref="MarketDataTransportException">The last of <see cref="MarketDataStreamOptions.InitialConnectAttempts"/> attempts could not reach the server (<see cref="MarketDataTimeoutException"/> after <see cref="MarketDataStreamOptions.ConnectTimeout"/>); the stream is closed.</exception>
    /// <exception cref="MarketDataException">The last attempt was refused otherwise (5xx, 3003...), or reconnect attempts were exhausted (<see cref="MarketDataStreamOptions.MaxReconnectAttempts"/>); the stream is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the stream connected; the stream is closed.</exception>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        Task<Exception?> first;
        lock (_gate)
        {
            ThrowIfClosed();
            if (!_started)
            {
                _started = true;
                _stop = new CancellationTokenSource();
                var stop = _stop.Token;
                _session = Task.Run(() => RunSessionAsync(stop), CancellationToken.None);
            }

            first = _firstConnection.Task;
        }

        Exception? failure;
        try
        {
            failure = await first.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            failure = await AbandonFirstConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Raised by the caller's cancellation of ConnectAsync: unless the first connection already has its outcome, every attempt stops and the stream closes.</summary>
    private async Task<Exception?> AbandonFirstConnectionAsync(CancellationToken cancellationToken)
    {
        var cancelled = new OperationCanceledException(
            "ConnectAsync was cancelled before the stream connected; the stream stopped connecting and is closed." +
            (Volatile.Read(ref _lastFailure) is { } last ? " Last attempt: " + last.Message : string.Empty),
            Volatile.Read(ref _lastFailure),
            cancellationToken);
        if (!_firstConnection.TrySetResult(cancelled))
        {
            // Connected (or closed) at the same instant: that outcome stands.
            return await _firstConnection.Task.ConfigureAwait(false);
        }

        CancellationTokenSource? stop;
        Task session;
        lock (_gate)
        {
            stop = _stop;
            session = _session;
        }

        if (stop is not null && Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the session is stopped already.
            }
        }

        await session.ConfigureAwait(false);
        SetState(StreamState.Closed, cancelled);
        if (_ownsBuffer)
        {
            _buffer.Complete();
        }

        return cancelled;
    }

    /// <summary>
    /// Subscribes <paramref name="symbols"/> on <paramref name="channel"/>. Connected: completes when the server acknowledges.
    /// Not connected (before <see cref="ConnectAsync"/>, or while reconnecting): the subscription is queued and applied on connect,
    /// and the call returns at once; a refusal then is reported on <see cref="Error"/> and marks the subscription failed.
    /// Symbols already subscribed on the channel are not sent again. A refusal, whether the server's answer names the command or is
    /// <c>cmd: "error"</c> (matched to the oldest command waiting for an answer), is thrown and its symbols are not kept.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="symbols">The symbols (for example <c>AAPL.US</c>, <c>700.HK</c>, <c>EURUSD</c>, <c>BTCUSDT</c>).</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol (see <see cref="AmbiguousSymbolException"/>).</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement.</param>
    /// <returns>A task that completes when the server acknowledged, or at once when queued.</returns>
    /// <exception cref="ArgumentException">No symbol, a null, blank or comma-containing symbol, or an undefined channel.</exception>
    /// <exception cref="SubscriptionLimitExceededException">3004: the plan's subscription limit.</exception>
    /// <exception cref="DepthSubscriptionUnavailableException">4003.</exception>
    /// <exception cref="TradeSubscriptionUnavailableException">4004.</exception>
    /// <exception cref="SymbolNotFoundException">2002.</exception>
    /// <exception cref="AmbiguousSymbolException">The symbol matches several product types; pass <paramref name="type"/>.</exception>
    /// <exception cref="RealtimeDataUnavailableException">5004; possibly partial: its properties say which symbols were subscribed, which failed and which may be retried.</exception>
    /// <exception cref="MarketDataException">Another refusal, typed by the error table (4001, 4002, 4005...).</exception>
    /// <exception cref="MarketDataTimeoutException">No answer within <see cref="MarketDataStreamOptions.AckTimeout"/>; the outcome is unknown and the subscription stays registered (a late answer is still applied).</exception>
    /// <exception cref="MarketDataTransportException">The connection dropped before the answer; the subscription stays registered and is applied after the reconnect.</exception>
    public Task SubscribeAsync(StreamChannel channel, IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        CheckChannel(channel);
        var list = CheckSymbols(symbols);
        return SubscribeCoreAsync(channel, list, type, cancellationToken);
    }

    /// <summary>
    /// Unsubscribes <paramref name="symbols"/> from <paramref name="channel"/>: they are forgotten at once (never resubscribed),
    /// and, if connected, the server is told (each symbol with the <c>type</c> it was subscribed with, one command per type) and
    /// the call completes on its acknowledgement. Messages already buffered may still be read.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="symbols">The symbols.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement.</param>
    /// <returns>A task that completes when the server acknowledged, or at once when there was nothing to tell it.</returns>
    /// <exception cref="ArgumentException">No symbol, a null or blank symbol, or an undefined channel.</exception>
    /// <exception cref="MarketDataException">The server refused the command (typed by the error table).</exception>
    /// <exception cref="MarketDataTimeoutException">No answer within <see cref="MarketDataStreamOptions.AckTimeout"/>.</exception>
    public Task UnsubscribeAsync(StreamChannel channel, IEnumerable<string> symbols, CancellationToken cancellationToken = default)
    {
        CheckChannel(channel);
        var list = CheckSymbols(symbols);
        return UnsubscribeCoreAsync(channel, list, cancellationToken);
    }

    /// <summary>Sends <c>{"cmd":"ping"}</c> and waits for the pong.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The round-trip time and the server's clock.</returns>
    /// <exception cref="InvalidOperationException">The stream has no open connection.</exception>
    /// <exception cref="MarketDataTimeoutException">No pong within <see cref="MarketDataStreamOptions.AckTimeout"/>.</exception>
    public async Task<StreamPingResult> PingAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(_settings.AckTimeout, _time);
        var pending = new PendingCommand(CommandKind.Ping, default, [], isResubscribe: false, hasCaller: true);
        StreamConnection conn;
        lock (_gate)
        {
            ThrowIfClosed();
            conn = _connection ?? throw new InvalidOperationException("The stream has no open connection; call ConnectAsync, or wait for the reconnect (StateChanged).");
            conn.Post(StreamCommands.Ping, pending);
        }

        _ = conn.FlushAsync(_errors);
        var outcome = await AwaitOutcomeAsync(pending, "ping", timeout, cancellationToken).ConfigureAwait(false);
        return outcome.Error is { } error ? throw error : outcome.Ping;
    }

    /// <summary>
    /// Reads every message (ticker, depth, trade) in arrival order until the stream is disposed. Each message goes to one reader;
    /// several concurrent readers share the messages between them, and a channel read by a typed read at the same time
    /// (<see cref="ReadTickersAsync"/>...) goes to that typed read instead.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="MarketDataException">Thrown by the enumeration after the buffered messages when the stream closed on a failure that retrying cannot fix (401, 403, attempts exhausted).</exception>
    public IAsyncEnumerable<StreamMessage> ReadAllAsync(CancellationToken cancellationToken = default) => _buffer.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Reads the ticker messages, in arrival order, from the ticker channel's own buffer: the other channels' messages stay
    /// buffered for their readers. While it runs, ticker messages go to it rather than to <see cref="ReadAllAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The tickers.</returns>
    public IAsyncEnumerable<TickerUpdate> ReadTickersAsync(CancellationToken cancellationToken = default) => _buffer.ReadAsync<TickerUpdate>(StreamChannel.Ticker, cancellationToken);

    /// <summary>
    /// Reads the depth messages, in arrival order, from the depth channel's own buffer: the other channels' messages stay
    /// buffered for their readers. While it runs, depth messages go to it rather than to <see cref="ReadAllAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The order book updates.</returns>
    public IAsyncEnumerable<DepthUpdate> ReadDepthAsync(CancellationToken cancellationToken = default) => _buffer.ReadAsync<DepthUpdate>(StreamChannel.Depth, cancellationToken);

    /// <summary>
    /// Reads the trade messages, in arrival order, from the trade channel's own buffer: the other channels' messages stay
    /// buffered for their readers. While it runs, trade messages go to it rather than to <see cref="ReadAllAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The trade updates.</returns>
    public IAsyncEnumerable<TradeUpdate> ReadTradesAsync(CancellationToken cancellationToken = default) => _buffer.ReadAsync<TradeUpdate>(StreamChannel.Trade, cancellationToken);

    /// <summary>
    /// Closes the socket with a close frame, stops heartbeats and reconnects (also during a backoff delay), completes the readers
    /// and releases everything. Safe to call more than once and concurrently with any other call.
    /// </summary>
    /// <returns>A task that completes when nothing of the stream runs any more.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StreamConnection? conn;
        CancellationTokenSource? stop;
        Task session;
        lock (_gate)
        {
            conn = _connection;
            stop = _stop;
            session = _session;
        }

        if (conn is not null)
        {
            await conn.CloseAsync(CloseTimeout).ConfigureAwait(false);
        }

        if (stop is not null)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await session.ConfigureAwait(false);
        _firstConnection.TrySetResult(new ObjectDisposedException(nameof(MarketDataStream)));
        SetState(StreamState.Closed);
        if (_ownsBuffer)
        {
            _buffer.Complete();
        }

        _invoker.Dispose();
        stop?.Dispose();
        Log.StreamClosed(_logger);
    }

    /// <inheritdoc />
    public override string ToString() => $"MarketDataStream {{ Url = {_logUri}, State = {State} }}";

    /// <summary>The number of subscriptions that count against the connection's limit (all but refused ones).</summary>
    internal int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Values.Count(e => e.Status != EntryStatus.Failed);
            }
        }
    }

    /// <summary>Raised (on the receive thread) each time the receive loop starts waiting for room in the buffer.</summary>
    internal event Action? BackpressureApplied;

    /// <summary>Pushes the session discarded: held during a resubscribe past its bounds or when it failed, or lost waiting for room in a full buffer when the connection ended (part of <see cref="DroppedMessages"/>).</summary>
    internal long SessionDropped => Interlocked.Read(ref _sessionDropped);

    /// <summary>Background work still alive (the session task); false once disposed.</summary>
    internal bool IsRunning => !_session.IsCompleted;

    internal bool HasSubscription(StreamChannel channel, string symbol)
    {
        lock (_gate)
        {
            return _subscriptions.TryGetValue((channel, symbol), out var e) && e.Status != EntryStatus.Failed;
        }
    }

    internal static (Uri Uri, string Redacted) BuildUri(Uri baseAddress, string apiKey)
    {
        var builder = new UriBuilder(baseAddress)
        {
            Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = baseAddress.AbsolutePath.TrimEnd('/') + StreamExceptionFactory.UpgradePath,
            Fragment = string.Empty,
            Query = "api_key=" + Uri.EscapeDataString(apiKey),
        };
        var uri = builder.Uri;
        builder.Query = "api_key=" + SecretRedactor.Mask;
        return (uri, builder.Uri.ToString());
    }

    internal static void CheckChannel(StreamChannel channel)
    {
        if (channel is not (StreamChannel.Ticker or StreamChannel.Depth or StreamChannel.Trade))
        {
            throw new ArgumentException($"{channel} is not a channel.", nameof(channel));
        }
    }

    internal static string[] CheckSymbols(IEnumerable<string> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var list = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var symbol in symbols)
        {
            var s = ArgumentChecks.Symbol(symbol, nameof(symbols));
            if (seen.Add(s))
            {
                list.Add(s);
            }
        }

        return list.Count == 0 ? throw new ArgumentException("At least one symbol is required.", nameof(symbols)) : [.. list];
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_state == StreamState.Closed)
        {
            throw new InvalidOperationException("The stream is closed: " + (_closeReason?.Message ?? "disposed") + " Create a new stream.", _closeReason);
        }
    }

    private MarketDataTimeoutException AckTimeout(string command) =>
        _errors.Timeout($"the server did not answer {command} within {_settings.AckTimeout.TotalSeconds:0.###} s", _settings.AckTimeout);

    private void SetState(StreamState state, Exception? exception = null, int attempt = 0, TimeSpan? delay = null, IReadOnlyList<StreamSubscription>? failed = null)
    {
        lock (_stateEvents)
        {
            StreamState previous;
            lock (_gate)
            {
                previous = _state;
                if (previous == StreamState.Closed)
                {
                    return;
                }

                _state = state;
                if (state == StreamState.Closed)
                {
                    _closeReason ??= exception;
                }
            }

            var handler = StateChanged;
            if (handler is null)
            {
                return;
            }

            var args = new StreamStateChangedEventArgs(previous, state, exception, attempt, delay, failed ?? [], _connectionIndex);
            try
            {
                handler(this, args);
            }
            catch (Exception ex)
            {
                Log.StreamHandlerFailed(_logger, nameof(StateChanged), _redactor.Redact(ex.Message)!);
            }
        }
    }

    private void RaiseError(MarketDataException exception, StreamChannel? channel = null, IReadOnlyList<string>? symbols = null)
    {
        Log.StreamError(_logger, exception.Code, exception.RawCode, exception.Message);
        RaiseErrorEvent(exception, channel, symbols);
    }

    /// <summary>Raises <see cref="Error"/> (already logged by the caller).</summary>
    private void RaiseErrorEvent(MarketDataException exception, StreamChannel? channel, IReadOnlyList<string>? symbols)
    {
        var handler = Error;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new StreamErrorEventArgs(exception, channel, symbols ?? [], _connectionIndex));
        }
        catch (Exception ex)
        {
            Log.StreamHandlerFailed(_logger, nameof(Error), _redactor.Redact(ex.Message)!);
        }
    }

    /// <summary>Matches pushed symbols to subscribed ones (<c>700</c> → <c>700.HK</c>).</summary>
    private sealed class Resolver(MarketDataStream stream) : ISymbolResolver
    {
        private Dictionary<string, string?>? _byCode;
        private int _indexVersion = -1;

        public int Version => Volatile.Read(ref stream._version);

        public string? Resolve(string pushedSymbol)
        {
            lock (stream._gate)
            {
                foreach (var channel in (ReadOnlySpan<StreamChannel>)[StreamChannel.Ticker, StreamChannel.Depth, StreamChannel.Trade])
                {
                    if (stream._subscriptions.TryGetValue((channel, pushedSymbol), out var exact))
                    {
                        return exact.Symbol;
                    }
                }

                if (_byCode is null || _indexVersion != stream._version)
                {
                    _byCode = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var entry in stream._subscriptions.Values)
                    {
                        var code = Code(entry.Symbol);
                        _byCode[code] = _byCode.TryGetValue(code, out var other) && !string.Equals(other, entry.Symbol, StringComparison.OrdinalIgnoreCase)
                            ? null
                            : entry.Symbol;
                    }

                    _indexVersion = stream._version;
                }

                return _byCode.TryGetValue(Code(pushedSymbol), out var match) ? match : null;
            }
        }

        /// <summary>The code without market suffix and leading zeros: <c>00700.HK</c> → <c>700</c>.</summary>
        private static string Code(string symbol)
        {
            var dot = symbol.IndexOf('.', StringComparison.Ordinal);
            var code = dot > 0 ? symbol[..dot] : symbol;
            var trimmed = code.TrimStart('0');
            return trimmed.Length == 0 ? code : trimmed;
        }
    }
}
