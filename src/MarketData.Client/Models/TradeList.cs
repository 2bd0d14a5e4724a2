using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>The latest trades of one symbol.</summary>
public sealed record TradeList
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init; } = string.Empty;

    /// <summary>The product type, when sent.</summary>
    [JsonPropertyName("type")]
    public SymbolType? Type { get; init; }

    /// <summary>The trades.</summary>
    [JsonPropertyName("trades")]
    public IReadOnlyList<Trade> Trades { get; init; } = [];
}
