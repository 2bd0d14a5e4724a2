using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>One K-line (candlestick) bar.</summary>
public sealed record Kline : IRequiredFields
{
    /// <summary>The bar's open time (UTC).</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; }

    /// <summary>The open price.</summary>
    [JsonIgnore]
    public decimal Open
    {
        get => OpenOrNull ?? default;
        init => OpenOrNull = value;
    }

    /// <summary>The wire value of <see cref="Open"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("open")]
    internal decimal? OpenOrNull { get; init; }

    /// <summary>The high price.</summary>
    [JsonIgnore]
    public decimal High
    {
        get => HighOrNull ?? default;
        init => HighOrNull = value;
    }

    /// <summary>The wire value of <see cref="High"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("high")]
    internal decimal? HighOrNull { get; init; }

    /// <summary>The low price.</summary>
    [JsonIgnore]
    public decimal Low
    {
        get => LowOrNull ?? default;
        init => LowOrNull = value;
    }

    /// <summary>The wire value of <see cref="Low"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("low")]
    internal decimal? LowOrNull { get; init; }

    /// <summary>The close price.</summary>
    [JsonIgnore]
    public decimal Close
    {
        get => CloseOrNull ?? default;
        init => CloseOrNull = value;
    }

    /// <summary>The wire value of <see cref="Close"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("close")]
    internal decimal? CloseOrNull { get; init; }

    /// <summary>The traded volume.</summary>
    [JsonPropertyName("volume")]
    public decimal Volume { get; init; }

    /// <summary>The traded amount; normally absent for futures.</summary>
    [JsonPropertyName("quote_volume")]
    public decimal? QuoteVolume { get; init; }

    /// <summary>The open interest; futures only.</summary>
    [JsonPropertyName("open_interest")]
    public decimal? OpenInterest { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Time(Time, ".time") ?? RequiredFields.Value(OpenOrNull, ".open") ?? RequiredFields.Value(HighOrNull, ".high")
        ?? RequiredFields.Value(LowOrNull, ".low") ?? RequiredFields.Value(CloseOrNull, ".close");
}
