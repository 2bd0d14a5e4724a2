using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>A ticker push (<c>cmd: "ticker"</c>). Fields a market does not send are null.</summary>
public sealed record TickerUpdate : StreamMessage
{
    /// <inheritdoc />
    public override StreamChannel Channel => StreamChannel.Ticker;

    /// <summary>The last traded price.</summary>
    public decimal LastPrice { get; init; }

    /// <summary>The best bid (forex, metals, crypto).</summary>
    public decimal? BidPrice { get; init; }

    /// <summary>The best ask (forex, metals, crypto).</summary>
    public decimal? AskPrice { get; init; }

    /// <summary>The spread between ask and bid (forex, metals).</summary>
    public decimal? Spread { get; init; }

    /// <summary>The exchange id, when the market sends one.</summary>
    public int? Exchange { get; init; }

    /// <summary>The 24-hour volume.</summary>
    public decimal? Volume24h { get; init; }

    /// <summary>The 24-hour high.</summary>
    public decimal? High24h { get; init; }

    /// <summary>The 24-hour low.</summary>
    public decimal? Low24h { get; init; }

    /// <summary>The 24-hour price change.</summary>
    public decimal? PriceChange24h { get; init; }

    /// <summary>The 24-hour price change in percent.</summary>
    public decimal? PriceChangePercent24h { get; init; }

    /// <summary>The US session outside regular hours (<c>pre_market</c>, <c>post_market</c>, <c>overnight</c>); null during regular hours and for other markets.</summary>
    public TradeSession? TradeSession { get; init; }
}
