using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A K-line interval (<c>1m</c> ... <c>1M</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<KlineInterval>))]
public readonly struct KlineInterval : IEquatable<KlineInterval>, IStringEnum<KlineInterval>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public KlineInterval(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

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

    /// <summary>The wire spelling; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether the value is one the SDK knows.</summary>
    public bool IsKnown => Equals(OneMinute) || Equals(ThreeMinutes) || Equals(FiveMinutes) || Equals(FifteenMinutes) || Equals(ThirtyMinutes) || Equals(OneHour) || Equals(TwoHours) || Equals(FourHours) || Equals(OneDay) || Equals(OneWeek) || Equals(OneMonth);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(KlineInterval left, KlineInterval right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(KlineInterval left, KlineInterval right) => !left.Equals(right);

    /// <summary>Converts a wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    public static implicit operator KlineInterval(string value) => Parse(value);

    /// <summary>Parses a wire spelling, returning the shared instance for a known value.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The value; unknown spellings are kept verbatim.</returns>
    public static KlineInterval Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var known in Known)
        {
            if (string.Equals(known._value, value, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return new KlineInterval(value);
    }

    /// <inheritdoc />
    public bool Equals(KlineInterval other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is KlineInterval other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static readonly KlineInterval[] Known = [OneMinute, ThreeMinutes, FiveMinutes, FifteenMinutes, ThirtyMinutes, OneHour, TwoHours, FourHours, OneDay, OneWeek, OneMonth];
}
