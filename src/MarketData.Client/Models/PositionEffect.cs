using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The effect of a futures trade on open positions. Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<PositionEffect>))]
public readonly struct PositionEffect : IEquatable<PositionEffect>, IStringEnum<PositionEffect>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public PositionEffect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

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

    /// <summary>The wire spelling; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether the value is one the SDK knows.</summary>
    public bool IsKnown => Equals(LongOpen) || Equals(ShortOpen) || Equals(BothOpen) || Equals(LongClose) || Equals(ShortClose) || Equals(BothClose) || Equals(LongTransfer) || Equals(ShortTransfer);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(PositionEffect left, PositionEffect right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PositionEffect left, PositionEffect right) => !left.Equals(right);

    /// <summary>Converts a wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    public static implicit operator PositionEffect(string value) => Parse(value);

    /// <summary>Parses a wire spelling, returning the shared instance for a known value.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The value; unknown spellings are kept verbatim.</returns>
    public static PositionEffect Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var known in Known)
        {
            if (string.Equals(known._value, value, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return new PositionEffect(value);
    }

    /// <inheritdoc />
    public bool Equals(PositionEffect other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PositionEffect other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static readonly PositionEffect[] Known = [LongOpen, ShortOpen, BothOpen, LongClose, ShortClose, BothClose, LongTransfer, ShortTransfer];
}
