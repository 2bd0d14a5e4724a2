using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The effect of a futures trade on open positions. Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<PositionEffect>))]
[StringEnum(StringComparison.OrdinalIgnoreCase)]
public readonly partial struct PositionEffect
{
    /// <summary>A long position opened. Wire value <c>long_open</c>.</summary>
    public static PositionEffect LongOpen { get; } = new("long_open");

    /// <summary>A short position opened. Wire value <c>short_open</c>.</summary>
    public static PositionEffect ShortOpen { get; } = new("short_open");

    /// <summary>Both sides opened. Wire value <c>both_open</c>.</summary>
    public static PositionEffect BothOpen { get; } = new("both_open");

    /// <summary>A long position closed. Wire value <c>long_close</c>.</summary>
    public static PositionEffect LongClose { get; } = new("long_close");

    /// <summary>A short position closed. Wire value <c>short_close</c>.</summary>
    public static PositionEffect ShortClose { get; } = new("short_close");

    /// <summary>Both sides closed. Wire value <c>both_close</c>.</summary>
    public static PositionEffect BothClose { get; } = new("both_close");

    /// <summary>A long position changed hands. Wire value <c>long_transfer</c>.</summary>
    public static PositionEffect LongTransfer { get; } = new("long_transfer");

    /// <summary>A short position changed hands. Wire value <c>short_transfer</c>.</summary>
    public static PositionEffect ShortTransfer { get; } = new("short_transfer");
}
