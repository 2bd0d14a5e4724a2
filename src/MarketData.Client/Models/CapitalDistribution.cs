using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>Capital in and out, by order size.</summary>
public sealed record CapitalDistribution : IRequiredFields
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

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Time(Timestamp, ".timestamp");
}
