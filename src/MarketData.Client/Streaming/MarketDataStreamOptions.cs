using System.Runtime.CompilerServices;

namespace MarketData.Client.Streaming;

/// <summary>
/// Settings of the WebSocket stream. Defaults: ping every 2 s, a connection silent for 10 s is dead, connect
/// and acknowledgement timeouts of 10 s, reconnect backoff from 1 s to 30 s with jitter (60 s after
/// 3003), a buffer of 10,000 messages that applies backpressure when full. Each setter validates its value.
/// </summary>
/// <remarks>
/// Why these defaults: the service drops connections that go quiet after an unpublished idle time and its reference
/// client pings every second, so a 2 s heartbeat stays well inside any plausible limit at negligible cost (a 14-byte
/// frame). Declaring a connection dead after 10 s of total silence (five missed pongs) tolerates GC pauses and network
/// hiccups yet catches a half-open connection long before TCP would (minutes to hours), so prices never silently
/// freeze. Reconnects start after about 1 s (a blip recovers fast; jitter spreads a crowd of clients after a server
/// restart) and double up to 30 s (at most two attempts a minute during a long outage). After 3003 the server still
/// counts the dead connection until its own idle timeout expires, so the stream waits 60 s (or Retry-After)
/// rather than extend the lockout. The backoff restarts from 1 s once a connection has stayed up for StaleTimeout.
/// </remarks>
public sealed class MarketDataStreamOptions
{
    private TimeSpan _heartbeatInterval = TimeSpan.FromSeconds(2);
    private TimeSpan _staleTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _connectTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _ackTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _reconnectBaseDelay = TimeSpan.FromSeconds(1);
    private TimeSpan _reconnectMaxDelay = TimeSpan.FromSeconds(30);
    private TimeSpan _connectionLimitDelay = TimeSpan.FromSeconds(60);
    private int _bufferCapacity = 10_000;
    private int _subscribeBatchSize = 100;
    private int _maxMessageBytes = 4 * 1024 * 1024;
    private int? _maxReconnectAttempts;
    private StreamBackpressureMode _backpressureMode = StreamBackpressureMode.Wait;
    private int _initialConnectAttempts = 3;
    private int _maxConnections = 1;
    private int _maxSubscriptionsPerConnection = 5000;

    /// <summary>How often the stream sends <c>{"cmd":"ping"}</c>. Default 2 s; 100 ms to 5 min.</summary>
    public TimeSpan HeartbeatInterval { get => _heartbeatInterval; set => _heartbeatInterval = InRange(value, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)); }

    /// <summary>How long the connection may stay silent (no pong, no data) before it is treated as dead and reconnected. Default 10 s; must exceed <see cref="HeartbeatInterval"/>. Silence while the app is not reading (backpressure) does not count.</summary>
    public TimeSpan StaleTimeout { get => _staleTimeout; set => _staleTimeout = InRange(value, TimeSpan.FromMilliseconds(200), TimeSpan.FromHours(1)); }

    /// <summary>The longest one WebSocket upgrade may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get => _connectTimeout; set => _connectTimeout = InRange(value, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)); }

    /// <summary>How long a subscribe, unsubscribe or ping waits for the server's answer before it fails with <see cref="MarketDataTimeoutException"/>. Default 10 s.</summary>
    public TimeSpan AckTimeout { get => _ackTimeout; set => _ackTimeout = InRange(value, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)); }

    /// <summary>The first reconnect delay; it doubles on each failed attempt, with jitter. Default 1 s.</summary>
    public TimeSpan ReconnectBaseDelay { get => _reconnectBaseDelay; set => _reconnectBaseDelay = InRange(value, TimeSpan.Zero, TimeSpan.FromMinutes(10)); }

    /// <summary>The longest reconnect delay. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get => _reconnectMaxDelay; set => _reconnectMaxDelay = InRange(value, TimeSpan.Zero, TimeSpan.FromHours(1)); }

    /// <summary>The wait before reconnecting after 3003 (connection limit) when the server gives no Retry-After (it replaces the backoff). Default 60 s.</summary>
    public TimeSpan ConnectionLimitDelay { get => _connectionLimitDelay; set => _connectionLimitDelay = InRange(value, TimeSpan.Zero, TimeSpan.FromHours(1)); }

    /// <summary>How many reconnect attempts in a row before the stream gives up and closes; null (default) retries forever.</summary>
    public int? MaxReconnectAttempts
    {
        get => _maxReconnectAttempts;
        set
        {
            if (value is { } v)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(v, nameof(MaxReconnectAttempts));
            }

            _maxReconnectAttempts = value;
        }
    }

    /// <summary>
    /// How many attempts the first connection gets before <see cref="Streaming.MarketDataStream.ConnectAsync"/> gives up: it then
    /// throws the last attempt's exception (<see cref="MarketDataTransportException"/>, <see cref="MarketDataTimeoutException"/>,
    /// a 5xx or 3003 refusal...) and the stream is closed. Default 3; 1 to 1,000. Reconnects after the stream has connected
    /// once follow <see cref="MaxReconnectAttempts"/> instead.
    /// </summary>
    public int InitialConnectAttempts { get => _initialConnectAttempts; set => _initialConnectAttempts = InRange(value, 1, 1000); }

    /// <summary>How many messages of each channel (ticker, depth, trade) are buffered between the socket and the app. Default 10,000; 1 to 10,000,000.</summary>
    public int BufferCapacity { get => _bufferCapacity; set => _bufferCapacity = InRange(value, 1, 10_000_000); }

    /// <summary>What happens when a channel's buffer is full. Default <see cref="StreamBackpressureMode.Wait"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined mode.</exception>
    public StreamBackpressureMode BackpressureMode
    {
        get => _backpressureMode;
        set => _backpressureMode = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(BackpressureMode), value, "Not a defined StreamBackpressureMode (Wait or DropOldestTicker).");
    }

    /// <summary>How many symbols one subscribe or unsubscribe command carries (larger calls and resubscribes are split). Default 100; 1 to 5,000.</summary>
    public int SubscribeBatchSize { get => _subscribeBatchSize; set => _subscribeBatchSize = InRange(value, 1, 5000); }

    /// <summary>The largest WebSocket message accepted; a longer one is reported as an error and the connection is reset. Default 4 MiB.</summary>
    public int MaxMessageBytes { get => _maxMessageBytes; set => _maxMessageBytes = InRange(value, 1024, 256 * 1024 * 1024); }

    /// <summary>How many connections a <see cref="Streaming.MarketDataStreamPool"/> may open (the plan allows 1 to 10). Default 1.</summary>
    public int MaxConnections { get => _maxConnections; set => _maxConnections = InRange(value, 1, 100); }

    /// <summary>How many subscriptions a <see cref="Streaming.MarketDataStreamPool"/> puts on one connection before it opens the next (it also moves on when the server answers 3004). Default 5,000.</summary>
    public int MaxSubscriptionsPerConnection { get => _maxSubscriptionsPerConnection; set => _maxSubscriptionsPerConnection = InRange(value, 1, 1_000_000); }

    /// <summary>Checks the combination of values.</summary>
    /// <exception cref="ArgumentException">StaleTimeout does not exceed HeartbeatInterval, or ReconnectMaxDelay is below ReconnectBaseDelay.</exception>
    public void Validate()
    {
        if (StaleTimeout <= HeartbeatInterval)
        {
            throw new ArgumentException("StaleTimeout must exceed HeartbeatInterval, or a healthy connection would be treated as dead.", nameof(StaleTimeout));
        }

        if (ReconnectMaxDelay < ReconnectBaseDelay)
        {
            throw new ArgumentException("ReconnectMaxDelay must not be below ReconnectBaseDelay.", nameof(ReconnectMaxDelay));
        }
    }

    /// <summary>A copy of these options.</summary>
    /// <returns>The copy.</returns>
    public MarketDataStreamOptions Clone() => (MarketDataStreamOptions)MemberwiseClone();

    // The exception names the property (the setter calling), so configuration binding can name the key.
    private static TimeSpan InRange(TimeSpan value, TimeSpan min, TimeSpan max, [CallerMemberName] string property = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, min, property);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, max, property);
        return value;
    }

    private static int InRange(int value, int min, int max, [CallerMemberName] string property = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, min, property);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, max, property);
        return value;
    }
}
