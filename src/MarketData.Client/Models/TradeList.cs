using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The latest trades of one symbol.</summary>
public sealed record TradeList : IRequiredFields
{
    private readonly string _symbol = string.Empty;
    private readonly IReadOnlyList<Trade> _trades = [];

    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol
    {
        get => _symbol;
        init => _symbol = value ?? string.Empty;
    }

    /// <summary>The product type, when sent.</summary>
    [JsonPropertyName("type")]
    public SymbolType? Type { get; init; }

    /// <summary>The trades.</summary>
    [JsonPropertyName("trades")]
    public IReadOnlyList<Trade> Trades
    {
        get => _trades;
        init => _trades = value ?? [];
    }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol) ?? RequiredFields.InList(Trades, ".trades");
}
