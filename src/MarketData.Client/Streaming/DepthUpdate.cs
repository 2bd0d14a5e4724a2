using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>An order book push (<c>cmd: "depth"</c>): bids descending, asks ascending.</summary>
public sealed record DepthUpdate : StreamMessage
{
    /// <inheritdoc />
    public override StreamChannel Channel => StreamChannel.Depth;

    /// <summary>The bids, best (highest) first.</summary>
    public IReadOnlyList<PriceLevel> Bids { get; init; } = [];

    /// <summary>The asks, best (lowest) first.</summary>
    public IReadOnlyList<PriceLevel> Asks { get; init; } = [];
}
