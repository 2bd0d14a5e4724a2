using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The product type of a symbol (<c>stock</c>, <c>indices</c>, <c>crypto</c>, <c>forex</c>, <c>futures</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<SymbolType>))]
[StringEnum(StringComparison.OrdinalIgnoreCase)]
public readonly partial struct SymbolType
{
    /// <summary>Stocks (US, HK, A-shares). Wire value <c>stock</c>.</summary>
    public static SymbolType Stock { get; } = new("stock");

    /// <summary>Indices. Wire value <c>indices</c>.</summary>
    public static SymbolType Indices { get; } = new("indices");

    /// <summary>Crypto currencies. Wire value <c>crypto</c>.</summary>
    public static SymbolType Crypto { get; } = new("crypto");

    /// <summary>Forex and metals. Wire value <c>forex</c>.</summary>
    public static SymbolType Forex { get; } = new("forex");

    /// <summary>China futures. Wire value <c>futures</c>.</summary>
    public static SymbolType Futures { get; } = new("futures");
}
