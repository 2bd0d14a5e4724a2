using System.Globalization;
using System.Net.WebSockets;
using MarketData.Client.Testing.Internal;
using Code = MarketData.Client.ErrorCode;

namespace MarketData.Client.Testing;

/// <summary>
/// Failures a test scripts into a running <see cref="MarketDataSimulator"/>: error replies, rate limits, broken
/// bodies and latency on REST; rejected upgrades, refused subscriptions, dropped connections and silence on the stream.
/// </summary>
/// <remarks>
/// REST faults queue up in the order they are added; each matching request (after authentication) consumes one
/// occurrence of the first fault whose path matches, so <c>RateLimit(...).ServiceError(5001, times: 2)</c> fails
/// three requests in that order. A fault without a path applies to every REST path. Methods return this instance
/// so that faults can be chained.
/// </remarks>
/// <example>
/// <code>
/// sim.Faults.RateLimit(retryAfter: TimeSpan.FromSeconds(2), times: 1, path: "/v1/market/ticker");
/// var tickers = await client.GetTickersAsync(["AAPL.US"]);   // waits 2 s, then succeeds
/// sim.RequestCount("/v1/market/ticker").Should().Be(2);
/// </code>
/// </example>
public sealed class SimulatorFaults
{
    private readonly object _lock = new();
    private readonly List<RestFault> _rest = [];
    private readonly List<LatencyFault> _latency = [];
    private readonly List<CountedFault<int>> _upgrades = [];
    private readonly List<CountedFault<Code>> _subscriptions = [];
    private readonly StreamHub _stream;

    internal SimulatorFaults(StreamHub stream)
    {
        _stream = stream;
    }

    /// <summary>Whether the stream is silent (see <see cref="GoSilent"/>).</summary>
    public bool IsSilent => _stream.Silent;

    /// <summary>How many scripted occurrences of REST, upgrade and subscription faults are still to happen (latency excluded).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _rest.Sum(f => f.Remaining) + _upgrades.Sum(f => f.Remaining) + _subscriptions.Sum(f => f.Remaining);
            }
        }
    }

    /// <summary>Answers HTTP 429 with code 3001 and a <c>Retry-After</c> header.</summary>
    /// <param name="retryAfter">The wait the header announces; whole seconds are sent as an integer, anything else as fractional seconds.</param>
    /// <param name="times">How many requests get it.</param>
    /// <param name="path">Only requests to this path (for example <c>/v1/market/ticker</c>); null for any.</param>
    /// <returns>This instance.</returns>
    public SimulatorFaults RateLimit(TimeSpan retryAfter, int times = 1, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        var seconds = retryAfter.TotalSeconds;
        var header = seconds == Math.Floor(seconds)
            ? ((long)seconds).ToString(CultureInfo.InvariantCulture)
            : seconds.ToString("0.###", CultureInfo.InvariantCulture);
        var error = new SimulatedError(Code.RateLimitExceeded, $"Rate limit exceeded, retry after {header} seconds");
        return AddRest(times, path, () => SimResponse.Error(error) with { Headers = [new("Retry-After", header)] });
    }

    /// <summary>Answers with a service error (5000 to 5999) and the HTTP status the error table gives it (500 or 503).</summary>
    /// <param name="code">The code; default 5001 (data source unavailable).</param>
    /// <param name="times">How many requests get it.</param>
    /// <param name="path">Only requests to this path; null for any.</param>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not a 5xxx code.</exception>
    public SimulatorFaults ServiceError(int code = 5001, int times = 1, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 5000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 5999);
        var wire = code.ToString(CultureInfo.InvariantCulture);
        var row = MarketDataErrors.Describe(wire);
        return RawError(wire, (int?)row.HttpStatus ?? 503, row.WireCode.Length > 0 ? row.Meaning : "service error", times, path);
    }

    /// <summary>Answers with any code of the error table, with the HTTP status the table gives it (400 for WebSocket-only codes).</summary>
    /// <param name="code">The code, for example <see cref="Code.SymbolNotFound"/> or <see cref="Code.AmbiguousSymbol"/> (sent with <c>data.available_types</c>).</param>
    /// <param name="times">How many requests get it.</param>
    /// <param name="path">Only requests to this path; null for any.</param>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> is one the SDK raises itself (never sent by the service).</exception>
    public SimulatorFaults ErrorCode(Code code, int times = 1, string? path = null)
    {
        var row = MarketDataErrors.Describe(code);
        if (row.WireCode.Length == 0 || code == Code.Success)
        {
            throw new ArgumentException($"{code} is raised by the SDK itself; the service never sends it.", nameof(code));
        }

        var error = code == Code.AmbiguousSymbol
            ? new SimulatedError(code, row.Meaning, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("available_types");
                w.WriteStringValue("stock");
                w.WriteStringValue("indices");
                w.WriteEndArray();
                w.WriteEndObject();
            })
            : new SimulatedError(code, row.Meaning);
        return AddRest(times, path, () => SimResponse.Error(error));
    }

    /// <summary>Answers with a code verbatim (for codes in neither table, or a symbolic code) and an HTTP status of your choice.</summary>
    /// <param name="rawCode">The code; a numeric code is sent as a JSON number, anything else as a string.</param>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <param name="message">The message; default "simulated error".</param>
    /// <param name="times">How many requests get it.</param>
    /// <param name="path">Only requests to this path; null for any.</param>
    /// <returns>This instance.</returns>
    public SimulatorFaults RawError(string rawCode, int httpStatus, string? message = null, int times = 1, string? path = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rawCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(httpStatus, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(httpStatus, 599);
        var error = new SimulatedError(rawCode, httpStatus, message ?? "simulated error");
        return AddRest(times, path, () => SimResponse.Error(error));
    }

    /// <summary>Answers 200 with a JSON body cut off in the middle (as a dropped proxy connection leaves it).</summary>
    /// <param name="times">How many requests get it.</param>
    /// <param name="path">Only requests to this path; null for any.</param>
    /// <returns>This instance.</returns>
    public SimulatorFaults MalformedBody(int times = 1, string? path = null) =>
        AddRest(times, path, () => SimResponse.Text(200, """{"code":0,"message":"success","data":[{"symbol":"AAPL.US","last_pri""", "application/json; charset=utf-8"));

    /// <summary>Answers with a proxy's HTML error page instead of JSON.</summary>
    /// <param name="httpStatus">The status; default 502.</param>
    /// <param name="times">How many requests get it.</param>
    /// <param name="path">Only requests to this path; null for any.</param>
    /// <returns>This instance.</returns>
    public SimulatorFaults HtmlErrorPage(int httpStatus = 502, int times = 1, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(httpStatus, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(httpStatus, 599);
        var title = $"{httpStatus} Bad Gateway";
        var html = $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        return AddRest(times, path, () => SimResponse.Text(httpStatus, html, "text/html"));
    }

    /// <summary>Delays REST answers (by the simulator's <see cref="MarketDataSimulatorOptions.TimeProvider"/>).</summary>
    /// <param name="delay">How long each answer is held back.</param>
    /// <param name="times">How many requests are delayed; null for all until <see cref="Clear"/>.</param>
    /// <param name="path">Only requests to this path; null for any.</param>
    /// <returns>This instance.</returns>
    public SimulatorFaults Latency(TimeSpan delay, int? times = null, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (times is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(times));
        }

        CheckPath(path);
        lock (_lock)
        {
            _latency.Add(new LatencyFault(path, delay, times));
        }

        return this;
    }

    /// <summary>Refuses WebSocket upgrades with a plain HTTP answer, as the service does before the handshake completes.</summary>
    /// <param name="httpStatus">401 (<c>INVALID_TOKEN</c>), 403 (<c>PERMISSION_DENIED</c>), 429 (3003, too many connections), or any other 4xx/5xx.</param>
    /// <param name="times">How many upgrade attempts are refused.</param>
    /// <returns>This instance.</returns>
    public SimulatorFaults RejectUpgrade(int httpStatus, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(httpStatus, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(httpStatus, 599);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_lock)
        {
            _upgrades.Add(new CountedFault<int>(httpStatus, times));
        }

        return this;
    }

    /// <summary>
    /// Refuses the next <c>subscribe</c> commands with a WebSocket error reply: for example 4003 or 4004 (channel
    /// unavailable, with a suggestion), 4005, 3004, or 5004 (real-time data unavailable: the first symbol is
    /// subscribed, the others are reported failed and retryable).
    /// </summary>
    /// <param name="code">The code of the reply.</param>
    /// <param name="times">How many subscribe commands are refused.</param>
    /// <returns>This instance.</returns>
    public SimulatorFaults SubscribeError(Code code, int times = 1)
    {
        if (MarketDataErrors.Describe(code).WireCode.Length == 0 || code == Code.Success)
        {
            throw new ArgumentException($"{code} is raised by the SDK itself; the service never sends it.", nameof(code));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_lock)
        {
            _subscriptions.Add(new CountedFault<Code>(code, times));
        }

        return this;
    }

    /// <summary>Aborts every open WebSocket connection at once, without a close handshake (a network drop, as the client sees it).</summary>
    /// <returns>How many connections were dropped.</returns>
    public int DropStreamConnections() => _stream.DropAll();

    /// <summary>Closes every open WebSocket connection with a close frame (a server restart or maintenance, as the client sees it).</summary>
    /// <param name="status">The close status; default 1001 (going away).</param>
    /// <param name="description">The close reason.</param>
    /// <returns>How many connections were closed.</returns>
    public Task<int> CloseStreamConnectionsAsync(WebSocketCloseStatus status = WebSocketCloseStatus.EndpointUnavailable, string? description = null) =>
        _stream.CloseAllAsync(status, description ?? "Server going away");

    /// <summary>Makes the stream go silent: no more pushes, no pong, no reply to any command, but connections stay open. New connections are accepted and silent too.</summary>
    public void GoSilent() => _stream.Silent = true;

    /// <summary>Ends <see cref="GoSilent"/>: commands are answered and pushes resume.</summary>
    public void Resume() => _stream.Silent = false;

    /// <summary>Removes every pending fault and all latency, and ends silence. Open connections stay open.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _rest.Clear();
            _latency.Clear();
            _upgrades.Clear();
            _subscriptions.Clear();
        }

        _stream.Silent = false;
    }

    internal SimResponse? TakeRest(string path)
    {
        lock (_lock)
        {
            foreach (var fault in _rest)
            {
                if (fault.Remaining > 0 && (fault.Path is null || fault.Path == path))
                {
                    fault.Remaining--;
                    _rest.RemoveAll(f => f.Remaining == 0);
                    return fault.Respond();
                }
            }
        }

        return null;
    }

    internal TimeSpan TakeLatency(string path)
    {
        lock (_lock)
        {
            foreach (var fault in _latency)
            {
                if (fault.Path is null || fault.Path == path)
                {
                    if (fault.Remaining is { } n)
                    {
                        fault.Remaining = n - 1;
                        _latency.RemoveAll(f => f.Remaining == 0);
                    }

                    return fault.Delay;
                }
            }
        }

        return TimeSpan.Zero;
    }

    internal int? TakeUpgradeRejection() => Take(_upgrades) is (true, var status) ? status : null;

    internal Code? TakeSubscribeError() => Take(_subscriptions) is (true, var code) ? code : null;

    private (bool Found, T Value) Take<T>(List<CountedFault<T>> faults)
    {
        lock (_lock)
        {
            if (faults.Count == 0)
            {
                return (false, default!);
            }

            var fault = faults[0];
            if (--fault.Remaining == 0)
            {
                faults.RemoveAt(0);
            }

            return (true, fault.Value);
        }
    }

    private SimulatorFaults AddRest(int times, string? path, Func<SimResponse> respond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        CheckPath(path);
        lock (_lock)
        {
            _rest.Add(new RestFault(path, times, respond));
        }

        return this;
    }

    private static void CheckPath(string? path)
    {
        if (path is not null && !path.StartsWith('/'))
        {
            throw new ArgumentException("A path starts with '/', for example /v1/market/ticker.", nameof(path));
        }
    }

    private sealed class RestFault(string? path, int times, Func<SimResponse> respond)
    {
        public string? Path { get; } = path;

        public int Remaining { get; set; } = times;

        public Func<SimResponse> Respond { get; } = respond;
    }

    private sealed class LatencyFault(string? path, TimeSpan delay, int? times)
    {
        public string? Path { get; } = path;

        public TimeSpan Delay { get; } = delay;

        public int? Remaining { get; set; } = times;
    }

    private sealed class CountedFault<T>(T value, int times)
    {
        public T Value { get; } = value;

        public int Remaining { get; set; } = times;
    }
}
