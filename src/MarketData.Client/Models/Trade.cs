using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>One trade print.</summary>
public sealed record Trade
{
    /// <summary>The trade id, when sent.</summary>
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Id { get; init; }

    /// <summary>The price.</summary>
    [JsonPropertyName("price")]
    public decimal Price { get; init; }

    /// <summary>The quantity.</summary>
    [JsonPropertyName("quantity")]
    public decimal Quantity { get; init; }

    /// <summary>The aggressor side.</summary>
    [JsonPropertyName("side")]
    public TradeSide Side { get; init; }

    /// <summary>When the trade happened (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The change in open interest caused by the trade; futures only.</summary>
    [JsonPropertyName("open_interest_change")]
    public long? OpenInterestChange { get; init; }

    /// <summary>The effect of the trade on positions; futures only.</summary>
    [JsonPropertyName("position_effect")]
    public PositionEffect? PositionEffect { get; init; }
}
