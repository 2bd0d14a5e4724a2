namespace MarketData.Client.Streaming;

/// <summary>The connection state of a <see cref="MarketDataStream"/>.</summary>
public enum StreamState
{
    /// <summary>Not started: <see cref="MarketDataStream.ConnectAsync"/> has not been called (subscriptions are queued).</summary>
    Disconnected = 0,

    /// <summary>The first connection is being opened.</summary>
    Connecting = 1,

    /// <summary>Connected, every active subscription applied; messages flow.</summary>
    Connected = 2,

    /// <summary>The connection dropped (or an attempt failed); the stream waits out the backoff delay and connects again.</summary>
    Reconnecting = 3,

    /// <summary>Terminal: disposed, a failure that retrying cannot fix (invalid key, no permission, reconnect attempts exhausted), the first connect's <see cref="MarketDataStreamOptions.InitialConnectAttempts"/> spent, or <see cref="MarketDataStream.ConnectAsync"/> cancelled before the first connection.</summary>
    Closed = 4,
}
