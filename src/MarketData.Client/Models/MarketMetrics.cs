using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>Market statistics and valuation indicators of a stock (<c>/v1/market/calc-index</c>).</summary>
public sealed record MarketMetrics : IRequiredFields
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The last traded price.</summary>
    [JsonPropertyName("last_done")]
    public decimal? LastPrice { get; init; }

    /// <summary>The price change.</summary>
    [JsonPropertyName("change_val")]
    public decimal? Change { get; init; }

    /// <summary>The price change as a ratio (-0.0082 = -0.82 %).</summary>
    [JsonPropertyName("change_rate")]
    public decimal? ChangeRate { get; init; }

    /// <summary>The volume.</summary>
    [JsonPropertyName("volume")]
    public decimal? Volume { get; init; }

    /// <summary>The turnover.</summary>
    [JsonPropertyName("turnover")]
    public decimal? Turnover { get; init; }

    /// <summary>The year-to-date change as a ratio.</summary>
    [JsonPropertyName("ytd_change_rate")]
    public decimal? YearToDateChangeRate { get; init; }

    /// <summary>The turnover rate.</summary>
    [JsonPropertyName("turnover_rate")]
    public decimal? TurnoverRate { get; init; }

    /// <summary>The market capitalisation.</summary>
    [JsonPropertyName("total_market_value")]
    public decimal? TotalMarketValue { get; init; }

    /// <summary>The net capital flow.</summary>
    [JsonPropertyName("capital_flow")]
    public decimal? CapitalFlow { get; init; }

    /// <summary>The day's amplitude as a ratio.</summary>
    [JsonPropertyName("amplitude")]
    public decimal? Amplitude { get; init; }

    /// <summary>The volume ratio.</summary>
    [JsonPropertyName("volume_ratio")]
    public decimal? VolumeRatio { get; init; }

    /// <summary>The price/earnings ratio, trailing twelve months.</summary>
    [JsonPropertyName("pe_ttm_ratio")]
    public decimal? PeTtmRatio { get; init; }

    /// <summary>The price/book ratio.</summary>
    [JsonPropertyName("pb_ratio")]
    public decimal? PbRatio { get; init; }

    /// <summary>The dividend ratio, trailing twelve months.</summary>
    [JsonPropertyName("dividend_ratio_ttm")]
    public decimal? DividendRatioTtm { get; init; }

    /// <summary>The five-day change as a ratio.</summary>
    [JsonPropertyName("five_day_change_rate")]
    public decimal? FiveDayChangeRate { get; init; }

    /// <summary>The ten-day change as a ratio.</summary>
    [JsonPropertyName("ten_day_change_rate")]
    public decimal? TenDayChangeRate { get; init; }

    /// <summary>The half-year change as a ratio.</summary>
    [JsonPropertyName("half_year_change_rate")]
    public decimal? HalfYearChangeRate { get; init; }

    /// <summary>The five-minute change as a ratio.</summary>
    [JsonPropertyName("five_minutes_change_rate")]
    public decimal? FiveMinuteChangeRate { get; init; }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol);
}
