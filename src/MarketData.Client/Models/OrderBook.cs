using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>An order book snapshot: bids descending, asks ascending.</summary>
public sealed record OrderBook : IRequiredFields
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The product type, when sent.</summary>
    [JsonPropertyName("type")]
    public SymbolType? Type { get; init; }

    /// <summary>When the snapshot was taken (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The bids, best (highest) first.</summary>
    [JsonPropertyName("bids")]
    [JsonConverter(typeof(PriceLevelListConverter))]
    public IReadOnlyList<PriceLevel> Bids { get; init => field = value ?? []; } = [];

    /// <summary>The asks, best (lowest) first.</summary>
    [JsonPropertyName("asks")]
    [JsonConverter(typeof(PriceLevelListConverter))]
    public IReadOnlyList<PriceLevel> Asks { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol) ?? RequiredFields.Time(Timestamp, ".timestamp");
}
