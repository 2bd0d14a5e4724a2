using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>One trade print.</summary>
public sealed record Trade : IRequiredFields
{
    /// <summary>The trade id, when sent.</summary>
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Id { get; init; }

    /// <summary>The price.</summary>
    [JsonIgnore]
    public decimal Price
    {
        get => PriceOrNull ?? default;
        init => PriceOrNull = value;
    }

    /// <summary>The wire value of <see cref="Price"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("price")]
    internal decimal? PriceOrNull { get; init; }

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

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Value(PriceOrNull, ".price") ?? RequiredFields.Time(Timestamp, ".timestamp");
}
