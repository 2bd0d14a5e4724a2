using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>
/// A trade push (<c>cmd: "trade"</c>). Both wire shapes decode to it: the batch shape (a <c>trades</c> array) and the single
/// China-futures trade, which becomes one <see cref="Trade"/> with <see cref="Trade.OpenInterestChange"/> and
/// <see cref="Trade.PositionEffect"/> set.
/// </summary>
public sealed record TradeUpdate : StreamMessage
{
    /// <inheritdoc />
    public override StreamChannel Channel => StreamChannel.Trade;

    /// <summary>The trades, in the order the server sent them.</summary>
    public IReadOnlyList<Trade> Trades { get; init; } = [];
}
