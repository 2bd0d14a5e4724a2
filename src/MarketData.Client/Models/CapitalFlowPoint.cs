using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>The net capital inflow at one moment.</summary>
public sealed record CapitalFlowPoint
{
    /// <summary>When (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The net inflow (negative for an outflow).</summary>
    [JsonPropertyName("inflow")]
    public decimal Inflow { get; init; }
}
