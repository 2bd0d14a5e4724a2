using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>Where a page sits in a paged list.</summary>
public sealed record PageInfo
{
    /// <summary>The page size asked for.</summary>
    [JsonPropertyName("limit")]
    public int Limit { get; init; }

    /// <summary>The offset of the page's first item.</summary>
    [JsonPropertyName("offset")]
    public long Offset { get; init; }

    /// <summary>The number of items in the whole list.</summary>
    [JsonPropertyName("total")]
    public long Total { get; init; }

    /// <summary>The number of items on this page.</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; }
}
