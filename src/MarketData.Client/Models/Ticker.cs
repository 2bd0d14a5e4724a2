using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>A ticker snapshot (REST <c>/v1/market/ticker</c>). Fields a market does not send are null.</summary>
public sealed record Ticker : IRequiredFields
{
    /// <summary>The symbol, as the service spells it.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The instrument's name, when sent.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The product type, when sent.</summary>
    [JsonPropertyName("type")]
    public SymbolType? Type { get; init; }

    /// <summary>The last traded price.</summary>
    [JsonIgnore]
    public decimal LastPrice
    {
        get => LastPriceOrNull ?? default;
        init => LastPriceOrNull = value;
    }

    /// <summary>The wire value of <see cref="LastPrice"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("last_price")]
    internal decimal? LastPriceOrNull { get; init; }

    /// <summary>The best bid (forex, metals, crypto).</summary>
    [JsonPropertyName("bid_price")]
    public decimal? BidPrice { get; init; }

    /// <summary>The best ask (forex, metals, crypto).</summary>
    [JsonPropertyName("ask_price")]
    public decimal? AskPrice { get; init; }

    /// <summary>The 24-hour volume.</summary>
    [JsonPropertyName("volume_24h")]
    public decimal? Volume24h { get; init; }

    /// <summary>The 24-hour high.</summary>
    [JsonPropertyName("high_24h")]
    public decimal? High24h { get; init; }

    /// <summary>The 24-hour low.</summary>
    [JsonPropertyName("low_24h")]
    public decimal? Low24h { get; init; }

    /// <summary>The 24-hour price change.</summary>
    [JsonPropertyName("price_change_24h")]
    public decimal? PriceChange24h { get; init; }

    /// <summary>The 24-hour price change in percent.</summary>
    [JsonPropertyName("price_change_percent_24h")]
    public decimal? PriceChangePercent24h { get; init; }

    /// <summary>When the snapshot was taken (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol) ?? RequiredFields.Value(LastPriceOrNull, ".last_price") ?? RequiredFields.Time(Timestamp, ".timestamp");
}
