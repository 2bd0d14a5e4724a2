using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The K-lines of one symbol at one interval.</summary>
public sealed record KlineSeries : IRequiredFields
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The product type, when sent.</summary>
    [JsonPropertyName("type")]
    public SymbolType? Type { get; init; }

    /// <summary>The interval.</summary>
    [JsonPropertyName("interval")]
    public KlineInterval Interval { get; init; }

    /// <summary>The bars, oldest first.</summary>
    [JsonPropertyName("klines")]
    public IReadOnlyList<Kline> Klines { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol) ?? RequiredFields.InList(Klines, ".klines");
}
