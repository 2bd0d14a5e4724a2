using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The aggressor side of a trade (<c>buy</c>, <c>sell</c>, <c>neutral</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<TradeSide>))]
public readonly struct TradeSide : IEquatable<TradeSide>, IStringEnum<TradeSide>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public TradeSide(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The buyer took liquidity. Wire value <c>buy</c>.</summary>
    public static TradeSide Buy { get; } = new("buy");

    /// <summary>The seller took liquidity. Wire value <c>sell</c>.</summary>
    public static TradeSide Sell { get; } = new("sell");

    /// <summary>No aggressor side. Wire value <c>neutral</c>.</summary>
    public static TradeSide Neutral { get; } = new("neutral");

    /// <summary>The wire spelling; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether the value is one the SDK knows.</summary>
    public bool IsKnown => Equals(Buy) || Equals(Sell) || Equals(Neutral);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(TradeSide left, TradeSide right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(TradeSide left, TradeSide right) => !left.Equals(right);

    /// <summary>Converts a wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    public static implicit operator TradeSide(string value) => Parse(value);

    /// <summary>Parses a wire spelling, returning the shared instance for a known value.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The value; unknown spellings are kept verbatim.</returns>
    public static TradeSide Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var known in Known)
        {
            if (string.Equals(known._value, value, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return new TradeSide(value);
    }

    /// <inheritdoc />
    public bool Equals(TradeSide other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TradeSide other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static readonly TradeSide[] Known = [Buy, Sell, Neutral];
}
