namespace MarketData.Client.Streaming;

/// <summary>Where a subscription of a <see cref="MarketDataStream"/> stands.</summary>
public enum StreamSubscriptionStatus
{
    /// <summary>Wanted but not (yet) acknowledged on the current connection: queued while disconnected, or sent and awaiting the server's answer.</summary>
    Pending = 0,

    /// <summary>Acknowledged by the server on the current connection.</summary>
    Active = 1,

    /// <summary>Refused by the server when the stream applied it on its own (a resubscribe after a reconnect, or a subscription queued before connecting). Not retried automatically; <see cref="StreamSubscription.Error"/> says why.</summary>
    Failed = 2,
}
