using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>One page of <c>/v1/symbols/available</c>.</summary>
public sealed record SymbolPage : IRequiredFields
{
    /// <summary>The instruments on this page.</summary>
    [JsonPropertyName("products")]
    public IReadOnlyList<SymbolInfo> Products { get; init => field = value ?? []; } = [];

    /// <summary>Totals across all instruments, when sent.</summary>
    [JsonPropertyName("summary")]
    public SymbolSummary? Summary { get; init; }

    /// <summary>Where this page sits, when sent.</summary>
    [JsonPropertyName("pagination")]
    public PageInfo? Pagination { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.InList(Products, ".products");
}
