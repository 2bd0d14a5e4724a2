using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A K-line interval (<c>1m</c> ... <c>1M</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<KlineInterval>))]
[StringEnum(StringComparison.Ordinal)]
public readonly partial struct KlineInterval
{
    /// <summary>One minute. Wire value <c>1m</c>.</summary>
    public static KlineInterval OneMinute { get; } = new("1m");

    /// <summary>Three minutes. Wire value <c>3m</c>.</summary>
    public static KlineInterval ThreeMinutes { get; } = new("3m");

    /// <summary>Five minutes. Wire value <c>5m</c>.</summary>
    public static KlineInterval FiveMinutes { get; } = new("5m");

    /// <summary>Fifteen minutes. Wire value <c>15m</c>.</summary>
    public static KlineInterval FifteenMinutes { get; } = new("15m");

    /// <summary>Thirty minutes. Wire value <c>30m</c>.</summary>
    public static KlineInterval ThirtyMinutes { get; } = new("30m");

    /// <summary>One hour. Wire value <c>1h</c>.</summary>
    public static KlineInterval OneHour { get; } = new("1h");

    /// <summary>Two hours. Wire value <c>2h</c>.</summary>
    public static KlineInterval TwoHours { get; } = new("2h");

    /// <summary>Four hours. Wire value <c>4h</c>.</summary>
    public static KlineInterval FourHours { get; } = new("4h");

    /// <summary>One day. Wire value <c>1d</c>.</summary>
    public static KlineInterval OneDay { get; } = new("1d");

    /// <summary>One week. Wire value <c>1w</c>.</summary>
    public static KlineInterval OneWeek { get; } = new("1w");

    /// <summary>One month. Wire value <c>1M</c>.</summary>
    public static KlineInterval OneMonth { get; } = new("1M");
}
