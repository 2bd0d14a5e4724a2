using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>Capital in and out, by order size.</summary>
public sealed record CapitalDistribution
{
    /// <summary>When (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The inflow by order size.</summary>
    [JsonPropertyName("capital_in")]
    public CapitalBreakdown? CapitalIn { get; init; }

    /// <summary>The outflow by order size.</summary>
    [JsonPropertyName("capital_out")]
    public CapitalBreakdown? CapitalOut { get; init; }
}
