using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>A ticker push (<c>cmd: "ticker"</c>). Fields a market does not send are null.</summary>
public sealed record TickerUpdate : StreamMessage
{
    // The optional fields are stored without Nullable<T> (which pads each decimal to 24 bytes) and one bit each says whether
    // the field was sent: 224 bytes a ticker instead of 296. An absent field's value stays default, so the record's equality
    // over its fields is the equality of its properties.
    private const ushort HasBid = 1, HasAsk = 2, HasSpread = 4, HasVolume = 8, HasHigh = 16, HasLow = 32, HasChange = 64,
        HasChangePercent = 128, HasExchange = 256, HasSession = 512;

    private decimal _bidPrice;
    private decimal _askPrice;
    private decimal _spread;
    private decimal _volume24h;
    private decimal _high24h;
    private decimal _low24h;
    private decimal _priceChange24h;
    private decimal _priceChangePercent24h;
    private TradeSession _tradeSession;
    private int _exchange;
    private ushort _present;

    /// <inheritdoc />
    public override StreamChannel Channel => StreamChannel.Ticker;

    /// <summary>The last traded price.</summary>
    public decimal LastPrice { get; init; }

    /// <summary>The best bid (forex, metals, crypto).</summary>
    public decimal? BidPrice { get => Get(_bidPrice, HasBid); init => Set(ref _bidPrice, value, HasBid); }

    /// <summary>The best ask (forex, metals, crypto).</summary>
    public decimal? AskPrice { get => Get(_askPrice, HasAsk); init => Set(ref _askPrice, value, HasAsk); }

    /// <summary>The spread between ask and bid (forex, metals).</summary>
    public decimal? Spread { get => Get(_spread, HasSpread); init => Set(ref _spread, value, HasSpread); }

    /// <summary>The exchange id, when the market sends one.</summary>
    public int? Exchange { get => Get(_exchange, HasExchange); init => Set(ref _exchange, value, HasExchange); }

    /// <summary>The 24-hour volume.</summary>
    public decimal? Volume24h { get => Get(_volume24h, HasVolume); init => Set(ref _volume24h, value, HasVolume); }

    /// <summary>The 24-hour high.</summary>
    public decimal? High24h { get => Get(_high24h, HasHigh); init => Set(ref _high24h, value, HasHigh); }

    /// <summary>The 24-hour low.</summary>
    public decimal? Low24h { get => Get(_low24h, HasLow); init => Set(ref _low24h, value, HasLow); }

    /// <summary>The 24-hour price change.</summary>
    public decimal? PriceChange24h { get => Get(_priceChange24h, HasChange); init => Set(ref _priceChange24h, value, HasChange); }

    /// <summary>The 24-hour price change in percent.</summary>
    public decimal? PriceChangePercent24h { get => Get(_priceChangePercent24h, HasChangePercent); init => Set(ref _priceChangePercent24h, value, HasChangePercent); }

    /// <summary>The US session outside regular hours (<c>pre_market</c>, <c>post_market</c>, <c>overnight</c>); null during regular hours and for other markets.</summary>
    public TradeSession? TradeSession { get => Get(_tradeSession, HasSession); init => Set(ref _tradeSession, value, HasSession); }

    private T? Get<T>(T value, ushort bit)
        where T : struct =>
        (_present & bit) != 0 ? value : null;

    private void Set<T>(ref T field, T? value, ushort bit)
        where T : struct
    {
        field = value.GetValueOrDefault();
        _present = value.HasValue ? (ushort)(_present | bit) : (ushort)(_present & ~bit);
    }
}
