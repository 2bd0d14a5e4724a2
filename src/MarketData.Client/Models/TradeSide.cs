using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The aggressor side of a trade (<c>buy</c>, <c>sell</c>, <c>neutral</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<TradeSide>))]
[StringEnum(StringComparison.OrdinalIgnoreCase)]
public readonly partial struct TradeSide
{
    /// <summary>The buyer took liquidity. Wire value <c>buy</c>.</summary>
    public static TradeSide Buy { get; } = new("buy");

    /// <summary>The seller took liquidity. Wire value <c>sell</c>.</summary>
    public static TradeSide Sell { get; } = new("sell");

    /// <summary>No aggressor side. Wire value <c>neutral</c>.</summary>
    public static TradeSide Neutral { get; } = new("neutral");
}
