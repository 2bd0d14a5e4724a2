using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The capital flow of a stock: the intraday net inflow and the distribution by order size.</summary>
public sealed record CapitalFlow : IRequiredFields
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>When the data was computed (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The net inflow minute by minute.</summary>
    [JsonPropertyName("intraday_flow")]
    public IReadOnlyList<CapitalFlowPoint> IntradayFlow { get; init => field = value ?? []; } = [];

    /// <summary>The inflow and outflow by order size, when sent.</summary>
    [JsonPropertyName("distribution")]
    public CapitalDistribution? Distribution { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol) ?? RequiredFields.Time(Timestamp, ".timestamp") ?? RequiredFields.InList(IntradayFlow, ".intraday_flow")
        ?? (Distribution is IRequiredFields d && d.FirstMissing() is { } f ? ".distribution" + f : null);
}
