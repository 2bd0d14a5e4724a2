using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>Totals of the available instruments.</summary>
public sealed record SymbolSummary
{
    /// <summary>The number of instruments.</summary>
    [JsonPropertyName("total_products")]
    public long TotalProducts { get; init; }

    /// <summary>The number of instruments per market.</summary>
    [JsonPropertyName("by_market")]
    public IReadOnlyDictionary<string, long> ByMarket { get; init => field = value ?? new Dictionary<string, long>(); } = new Dictionary<string, long>();

    /// <summary>The number of instruments per product type.</summary>
    [JsonPropertyName("by_type")]
    public IReadOnlyDictionary<string, long> ByType { get; init => field = value ?? new Dictionary<string, long>(); } = new Dictionary<string, long>();

    /// <summary>When the list was last updated.</summary>
    [JsonPropertyName("last_updated")]
    public DateTimeOffset? LastUpdated { get; init; }
}
