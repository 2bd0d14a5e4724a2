using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>One point of an intraday time series.</summary>
public sealed record IntradayPoint
{
    /// <summary>When (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The price.</summary>
    [JsonPropertyName("price")]
    public decimal Price { get; init; }

    /// <summary>The cumulative volume.</summary>
    [JsonPropertyName("volume")]
    public decimal Volume { get; init; }

    /// <summary>The cumulative turnover.</summary>
    [JsonPropertyName("turnover")]
    public decimal? Turnover { get; init; }

    /// <summary>The average price so far.</summary>
    [JsonPropertyName("avg_price")]
    public decimal? AveragePrice { get; init; }
}
