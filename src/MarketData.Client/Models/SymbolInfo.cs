using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A tradable instrument.</summary>
public sealed record SymbolInfo : IRequiredFields
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The instrument's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The market.</summary>
    [JsonPropertyName("market")]
    public Market? Market { get; init; }

    /// <summary>The product type.</summary>
    [JsonPropertyName("type")]
    public SymbolType? Type { get; init; }

    /// <summary>The quote currency.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>Whether the instrument is active.</summary>
    [JsonPropertyName("is_active")]
    public bool? IsActive { get; init; }

    /// <summary>When the entry was last updated.</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol);
}
