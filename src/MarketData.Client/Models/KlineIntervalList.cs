using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>The K-line intervals the service supports.</summary>
public sealed record KlineIntervalList
{
    /// <summary>How many intervals there are.</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; }

    /// <summary>The service's description of the list.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The intervals.</summary>
    [JsonPropertyName("intervals")]
    public IReadOnlyList<KlineInterval> Intervals { get; init => field = value ?? []; } = [];
}
