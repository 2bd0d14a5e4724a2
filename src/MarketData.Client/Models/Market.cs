using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A market (<c>GLOBAL</c>, <c>US</c>, <c>HK</c>, <c>CN</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<Market>))]
[StringEnum(StringComparison.OrdinalIgnoreCase)]
public readonly partial struct Market
{
    /// <summary>Global markets: forex, metals, indices, crypto. Wire value <c>GLOBAL</c>.</summary>
    public static Market Global { get; } = new("GLOBAL");

    /// <summary>United States. Wire value <c>US</c>.</summary>
    public static Market US { get; } = new("US");

    /// <summary>Hong Kong. Wire value <c>HK</c>.</summary>
    public static Market HK { get; } = new("HK");

    /// <summary>Mainland China (A-shares, futures). Wire value <c>CN</c>.</summary>
    public static Market CN { get; } = new("CN");
}
