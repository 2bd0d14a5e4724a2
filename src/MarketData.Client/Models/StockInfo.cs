using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>Reference data of a stock.</summary>
public sealed record StockInfo : IRequiredFields
{
    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The name in simplified Chinese.</summary>
    [JsonPropertyName("name_cn")]
    public string? NameCn { get; init; }

    /// <summary>The name in English.</summary>
    [JsonPropertyName("name_en")]
    public string? NameEn { get; init; }

    /// <summary>The name in traditional Chinese.</summary>
    [JsonPropertyName("name_hk")]
    public string? NameHk { get; init; }

    /// <summary>The exchange (SEHK, NASD, SZSE...).</summary>
    [JsonPropertyName("exchange")]
    public string? Exchange { get; init; }

    /// <summary>The trading currency.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>The board lot.</summary>
    [JsonPropertyName("lot_size")]
    public long? LotSize { get; init; }

    /// <summary>The total number of shares.</summary>
    [JsonPropertyName("total_shares")]
    public long? TotalShares { get; init; }

    /// <summary>The number of circulating shares.</summary>
    [JsonPropertyName("circulating_shares")]
    public long? CirculatingShares { get; init; }

    /// <summary>The number of H shares (HK only).</summary>
    [JsonPropertyName("hk_shares")]
    public long? HkShares { get; init; }

    /// <summary>Earnings per share.</summary>
    [JsonPropertyName("eps")]
    public decimal? Eps { get; init; }

    /// <summary>Earnings per share, trailing twelve months.</summary>
    [JsonPropertyName("eps_ttm")]
    public decimal? EpsTtm { get; init; }

    /// <summary>Book value per share.</summary>
    [JsonPropertyName("bps")]
    public decimal? Bps { get; init; }

    /// <summary>The dividend yield.</summary>
    [JsonPropertyName("dividend_yield")]
    public decimal? DividendYield { get; init; }

    /// <summary>The kinds of derivatives listed on the stock, as the service codes them.</summary>
    [JsonPropertyName("stock_derivatives")]
    public IReadOnlyList<int> StockDerivatives { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol);
}
