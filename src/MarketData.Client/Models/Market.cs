using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A market (<c>GLOBAL</c>, <c>US</c>, <c>HK</c>, <c>CN</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<Market>))]
public readonly struct Market : IEquatable<Market>, IStringEnum<Market>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public Market(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Global markets: forex, metals, indices, crypto. Wire value <c>GLOBAL</c>.</summary>
    public static Market Global { get; } = new("GLOBAL");

    /// <summary>United States. Wire value <c>US</c>.</summary>
    public static Market US { get; } = new("US");

    /// <summary>Hong Kong. Wire value <c>HK</c>.</summary>
    public static Market HK { get; } = new("HK");

    /// <summary>Mainland China (A-shares, futures). Wire value <c>CN</c>.</summary>
    public static Market CN { get; } = new("CN");

    /// <summary>The wire spelling; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether the value is one the SDK knows.</summary>
    public bool IsKnown => Equals(Global) || Equals(US) || Equals(HK) || Equals(CN);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Market left, Market right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Market left, Market right) => !left.Equals(right);

    /// <summary>Converts a wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    public static implicit operator Market(string value) => Parse(value);

    /// <summary>Parses a wire spelling, returning the shared instance for a known value.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The value; unknown spellings are kept verbatim.</returns>
    public static Market Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var known in Known)
        {
            if (string.Equals(known._value, value, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return new Market(value);
    }

    /// <inheritdoc />
    public bool Equals(Market other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Market other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static readonly Market[] Known = [Global, US, HK, CN];
}
