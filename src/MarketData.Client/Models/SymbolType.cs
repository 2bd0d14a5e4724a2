using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The product type of a symbol (<c>stock</c>, <c>indices</c>, <c>crypto</c>, <c>forex</c>, <c>futures</c>). Values the SDK does not know stay readable.</summary>
[JsonConverter(typeof(StringEnumConverter<SymbolType>))]
public readonly struct SymbolType : IEquatable<SymbolType>, IStringEnum<SymbolType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public SymbolType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

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

    /// <summary>The wire spelling; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether the value is one the SDK knows.</summary>
    public bool IsKnown => Equals(Stock) || Equals(Indices) || Equals(Crypto) || Equals(Forex) || Equals(Futures);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(SymbolType left, SymbolType right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SymbolType left, SymbolType right) => !left.Equals(right);

    /// <summary>Converts a wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    public static implicit operator SymbolType(string value) => Parse(value);

    /// <summary>Parses a wire spelling, returning the shared instance for a known value.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The value; unknown spellings are kept verbatim.</returns>
    public static SymbolType Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var known in Known)
        {
            if (string.Equals(known._value, value, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return new SymbolType(value);
    }

    /// <inheritdoc />
    public bool Equals(SymbolType other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SymbolType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static readonly SymbolType[] Known = [Stock, Indices, Crypto, Forex, Futures];
}
