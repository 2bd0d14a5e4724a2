using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A US trading session outside regular hours (<c>pre_market</c>, <c>post_market</c>, <c>overnight</c>) or <c>regular</c>. The REST trading-sessions endpoint sends it as a number (1 pre-market, 2 post-market, 3 overnight); both spellings parse to the same value.</summary>
[JsonConverter(typeof(StringEnumConverter<TradeSession>))]
[StringEnum(StringComparison.OrdinalIgnoreCase)]
public readonly partial struct TradeSession
{
    /// <summary>Regular trading hours. Wire value <c>regular</c>.</summary>
    public static TradeSession Regular { get; } = new("regular");

    /// <summary>Pre-market. Wire value <c>pre_market</c>.</summary>
    public static TradeSession PreMarket { get; } = new("pre_market");

    /// <summary>Post-market (after hours). Wire value <c>post_market</c>.</summary>
    public static TradeSession PostMarket { get; } = new("post_market");

    /// <summary>Overnight. Wire value <c>overnight</c>.</summary>
    public static TradeSession Overnight { get; } = new("overnight");

    /// <summary>Parses a wire spelling, returning the shared instance for a known value.</summary>
    /// <param name="value">The wire spelling: a name or the REST trading-sessions number (<c>0</c> ... <c>3</c>).</param>
    /// <returns>The value; unknown spellings are kept verbatim.</returns>
    public static TradeSession Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim() switch
        {
            "0" => Regular,
            "1" => PreMarket,
            "2" => PostMarket,
            "3" => Overnight,
            _ => FindKnown(value) ?? new TradeSession(value),
        };
    }
}
