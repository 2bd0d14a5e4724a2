using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>The intraday time series of one symbol.</summary>
public sealed record IntradaySeries
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init; } = string.Empty;

    /// <summary>The points, oldest first.</summary>
    [JsonPropertyName("lines")]
    public IReadOnlyList<IntradayPoint> Lines { get; init; } = [];
}
