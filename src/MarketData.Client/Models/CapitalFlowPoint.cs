using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The net capital inflow at one moment.</summary>
public sealed record CapitalFlowPoint : IRequiredFields
{
    /// <summary>When (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The net inflow (negative for an outflow).</summary>
    [JsonIgnore]
    public decimal Inflow
    {
        get => InflowOrNull ?? default;
        init => InflowOrNull = value;
    }

    /// <summary>The wire value of <see cref="Inflow"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("inflow")]
    internal decimal? InflowOrNull { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Time(Timestamp, ".timestamp") ?? RequiredFields.Value(InflowOrNull, ".inflow");
}
