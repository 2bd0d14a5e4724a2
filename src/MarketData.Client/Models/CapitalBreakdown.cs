using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>An amount split by order size.</summary>
public sealed record CapitalBreakdown
{
    /// <summary>Large orders.</summary>
    [JsonPropertyName("large")]
    public decimal? Large { get; init; }

    /// <summary>Medium orders.</summary>
    [JsonPropertyName("medium")]
    public decimal? Medium { get; init; }

    /// <summary>Small orders.</summary>
    [JsonPropertyName("small")]
    public decimal? Small { get; init; }
}
