using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>One point of an intraday time series.</summary>
public sealed record IntradayPoint : IRequiredFields
{
    /// <summary>When (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The price.</summary>
    [JsonIgnore]
    public decimal Price
    {
        get => PriceOrNull ?? default;
        init => PriceOrNull = value;
    }

    /// <summary>The wire value of <see cref="Price"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("price")]
    internal decimal? PriceOrNull { get; init; }

    /// <summary>The cumulative volume.</summary>
    [JsonPropertyName("volume")]
    public decimal Volume { get; init; }

    /// <summary>The cumulative turnover.</summary>
    [JsonPropertyName("turnover")]
    public decimal? Turnover { get; init; }

    /// <summary>The average price so far.</summary>
    [JsonPropertyName("avg_price")]
    public decimal? AveragePrice { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Time(Timestamp, ".timestamp") ?? RequiredFields.Value(PriceOrNull, ".price");
}
