using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A US trading session outside regular hours (<c>pre_market</c>, <c>post_market</c>, <c>overnight</c>) or <c>regular</c>. The REST trading-sessions endpoint sends it as a number (1 pre-market, 2 post-market, 3 overnight); both spellings parse to the same value.</summary>
[JsonConverter(typeof(StringEnumConverter<TradeSession>))]
public readonly struct TradeSession : IEquatable<TradeSession>, IStringEnum<TradeSession>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public TradeSession(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Regular trading hours. Wire value <c>regular</c>.</summary>
    public static TradeSession Regular { get; } = new("regular");

    /// <summary>Pre-market. Wire value <c>pre_market</c>.</summary>
    public static TradeSession PreMarket { get; } = new("pre_market");

    /// <summary>Post-market (after hours). Wire value <c>post_market</c>.</summary>
    public static TradeSession PostMarket { get; } = new("post_market");

    /// <summary>Overnight. Wire value <c>overnight</c>.</summary>
    public static TradeSession Overnight { get; } = new("overnight");

    /// <summary>The wire spelling; empty for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether the value is one the SDK knows.</summary>
    public bool IsKnown => Equals(Regular) || Equals(PreMarket) || Equals(PostMarket) || Equals(Overnight);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(TradeSession left, TradeSession right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(TradeSession left, TradeSession right) => !left.Equals(right);

    /// <summary>Converts a wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    public static implicit operator TradeSession(string value) => Parse(value);

    /// <summary>Parses a wire spelling, returning the shared instance for a known value.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The value; unknown spellings are kept verbatim.</returns>
    public static TradeSession Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Trim())
        {
            case "0": return Regular;
            case "1": return PreMarket;
            case "2": return PostMarket;
            case "3": return Overnight;
        }
        foreach (var known in Known)
        {
            if (string.Equals(known._value, value, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return new TradeSession(value);
    }

    /// <inheritdoc />
    public bool Equals(TradeSession other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TradeSession other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static readonly TradeSession[] Known = [Regular, PreMarket, PostMarket, Overnight];
}
