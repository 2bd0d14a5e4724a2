using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>One K-line (candlestick) bar.</summary>
public sealed record Kline
{
    /// <summary>The bar's open time (UTC).</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; }

    /// <summary>The open price.</summary>
    [JsonPropertyName("open")]
    public decimal Open { get; init; }

    /// <summary>The high price.</summary>
    [JsonPropertyName("high")]
    public decimal High { get; init; }

    /// <summary>The low price.</summary>
    [JsonPropertyName("low")]
    public decimal Low { get; init; }

    /// <summary>The close price.</summary>
    [JsonPropertyName("close")]
    public decimal Close { get; init; }

    /// <summary>The traded volume.</summary>
    [JsonPropertyName("volume")]
    public decimal Volume { get; init; }

    /// <summary>The traded amount; normally absent for futures.</summary>
    [JsonPropertyName("quote_volume")]
    public decimal? QuoteVolume { get; init; }

    /// <summary>The open interest; futures only.</summary>
    [JsonPropertyName("open_interest")]
    public decimal? OpenInterest { get; init; }
}
