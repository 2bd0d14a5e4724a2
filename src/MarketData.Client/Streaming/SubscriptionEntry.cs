using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>Where one channel+symbol stands inside the stream.</summary>
internal enum EntryStatus
{
    /// <summary>Wanted; to be sent on the next connection.</summary>
    Queued,

    /// <summary>Sent on <see cref="SubscriptionEntry.ConnectionId"/>, awaiting the answer.</summary>
    Subscribing,

    /// <summary>Acknowledged on <see cref="SubscriptionEntry.ConnectionId"/>.</summary>
    Active,

    /// <summary>Refused when the stream applied it on its own; not retried.</summary>
    Failed,
}

/// <summary>One wanted subscription. Mutated only under the stream's lock.</summary>
internal sealed class SubscriptionEntry
{
    public SubscriptionEntry(StreamChannel channel, string symbol, SymbolType? type)
    {
        Channel = channel;
        Symbol = symbol;
        Type = type;
    }

    public StreamChannel Channel { get; }

    public string Symbol { get; }

    public SymbolType? Type { get; }

    public EntryStatus Status { get; set; }

    public int ConnectionId { get; set; }

    public PendingCommand? Pending { get; set; }

    public MarketDataException? Error { get; set; }

    public (StreamChannel, string) Key => (Channel, Symbol);

    public StreamSubscription ToPublic() => new(
        Channel,
        Symbol,
        Type,
        Status switch
        {
            EntryStatus.Active => StreamSubscriptionStatus.Active,
            EntryStatus.Failed => StreamSubscriptionStatus.Failed,
            _ => StreamSubscriptionStatus.Pending,
        },
        Error);
}

/// <summary>Channel+symbol keys; symbols compare case-insensitively (the service does).</summary>
internal sealed class SubscriptionKeyComparer : IEqualityComparer<(StreamChannel Channel, string Symbol)>
{
    public static SubscriptionKeyComparer Instance { get; } = new();

    public bool Equals((StreamChannel Channel, string Symbol) x, (StreamChannel Channel, string Symbol) y) =>
        x.Channel == y.Channel && string.Equals(x.Symbol, y.Symbol, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((StreamChannel Channel, string Symbol) obj) =>
        HashCode.Combine(obj.Channel, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Symbol));
}
