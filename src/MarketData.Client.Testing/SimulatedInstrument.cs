using MarketData.Client.Models;

namespace MarketData.Client.Testing;

/// <summary>
/// One instrument the simulator knows: its reference data and the parameters of its simulated price path.
/// <see cref="Defaults"/> lists a handful per market; pass your own list in
/// <see cref="MarketDataSimulatorOptions.Instruments"/> to test with the symbols your app uses.
/// </summary>
/// <remarks>
/// Two instruments may share a <see cref="Symbol"/> with different <see cref="Type"/>s: requests for that symbol
/// without a type then fail with <c>AMBIGUOUS_SYMBOL</c>, as on the real service.
/// </remarks>
public sealed record SimulatedInstrument
{
    /// <summary>The symbol as the service spells it: <c>AAPL.US</c>, <c>700.HK</c>, <c>600519.SH</c>, <c>EURUSD</c>, <c>BTCUSDT</c>, <c>BU2609</c>.</summary>
    public required string Symbol { get; init; }

    /// <summary>The product type (stock, indices, crypto, forex, futures).</summary>
    public required SymbolType Type { get; init; }

    /// <summary>The market (US, HK, CN, GLOBAL).</summary>
    public required Market Market { get; init; }

    /// <summary>The price the path is built around (the price path wanders within roughly ±40 % of it over a year).</summary>
    public required decimal BasePrice { get; init; }

    /// <summary>The English name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The name in simplified Chinese, if any.</summary>
    public string? NameCn { get; init; }

    /// <summary>The name in traditional Chinese, if any.</summary>
    public string? NameHk { get; init; }

    /// <summary>The quote currency.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>The listing exchange (NASD, SEHK, SSE, SZSE...), if any.</summary>
    public string? Exchange { get; init; }

    /// <summary>The price increment; every simulated price is a multiple of it. Default 0.01.</summary>
    public decimal TickSize { get; init; } = 0.01m;

    /// <summary>The annualised volatility of the price path (0.3 = 30 %). Default 0.3.</summary>
    public double Volatility { get; init; } = 0.3;

    /// <summary>The average traded volume per minute. Default 10,000.</summary>
    public decimal VolumePerMinute { get; init; } = 10_000m;

    /// <summary>The board lot: traded and quoted quantities are multiples of it. Default 1.</summary>
    public int LotSize { get; init; } = 1;

    /// <summary>The number of shares outstanding (stocks).</summary>
    public long? TotalShares { get; init; }

    /// <summary>Earnings per share, trailing twelve months (stocks).</summary>
    public decimal? EpsTtm { get; init; }

    /// <summary>Book value per share (stocks).</summary>
    public decimal? Bps { get; init; }

    /// <summary>The dividend yield in percent (stocks).</summary>
    public decimal? DividendYield { get; init; }

    /// <summary>Whether the service offers <c>depth</c> and <c>trade</c> for this instrument (US, HK and A-share stocks, China futures, crypto); forex and indices offer <c>ticker</c> only.</summary>
    public bool HasDepthAndTrades => Type == SymbolType.Stock || Type == SymbolType.Futures || Type == SymbolType.Crypto;

    /// <summary>A handful of instruments per market: US, HK and A-share stocks, crypto, forex and metals, indices, China futures.</summary>
    public static IReadOnlyList<SimulatedInstrument> Defaults { get; } =
    [
        UsStock("AAPL.US", "Apple Inc.", "苹果", "蘋果", 260.81m, 0.28, 67_000m, 14_681_140_000, 8.02m, 6.01m, 1.04m),
        UsStock("MSFT.US", "Microsoft Corporation", "微软", "微軟", 415.52m, 0.26, 52_000m, 7_433_000_000, 13.64m, 38.69m, 0.79m),
        UsStock("NVDA.US", "NVIDIA Corporation", "英伟达", "輝達", 182.35m, 0.50, 480_000m, 24_300_000_000, 3.51m, 4.90m, 0.02m),
        UsStock("TSLA.US", "Tesla, Inc.", "特斯拉", "特斯拉", 395.94m, 0.60, 230_000m, 3_225_000_000, 1.76m, 23.18m, null),
        HkStock("700.HK", "TENCENT", "腾讯控股", "騰訊控股", 543m, 0.5m, 28_700m, 9_106_356_125, 26.21m, 140.98m, 4.54m),
        HkStock("9988.HK", "BABA-W", "阿里巴巴-W", "阿里巴巴-W", 142.3m, 0.1m, 95_000m, 19_084_000_000, 6.82m, 55.61m, 1.38m),
        HkStock("3690.HK", "MEITUAN-W", "美团-W", "美團-W", 98.45m, 0.05m, 61_000m, 6_113_000_000, 5.40m, 27.88m, null),
        CnStock("600519.SH", "Kweichow Moutai", "贵州茅台", "貴州茅台", "SSE", 1458.00m, 0.22, 3_400m, 1_256_197_800, 68.64m, 205.28m, 3.48m),
        CnStock("000001.SZ", "PAB", "平安银行", "平安銀行", "SZSE", 11.52m, 0.25, 1_150_000m, 19_405_918_198, 2.22m, 23.08m, 0.60m),
        CnStock("300750.SZ", "CATL", "宁德时代", "寧德時代", "SZSE", 265.80m, 0.40, 95_000m, 4_403_000_000, 11.58m, 56.31m, 1.91m),
        Crypto("BTCUSDT", "Bitcoin", "比特币", 97_250.5m, 0.1m, 0.60, 18.5m),
        Crypto("ETHUSDT", "Ethereum", "以太坊", 3_521.37m, 0.01m, 0.75, 240m),
        Crypto("SOLUSDT", "Solana", "Solana", 187.42m, 0.01m, 0.90, 3_100m),
        Fx("EURUSD", "Euro / US Dollar", "欧元/美元", 1.08512m, 0.00001m, 0.07),
        Fx("USDJPY", "US Dollar / Japanese Yen", "美元/日元", 151.382m, 0.001m, 0.09),
        Fx("XAUUSD", "Gold / US Dollar", "现货黄金", 2_934.55m, 0.01m, 0.15),
        Index("SPX", "S&P 500 Index", "标普500指数", Market.US, "USD", 5_954.50m),
        Index("HSI", "Hang Seng Index", "恒生指数", Market.HK, "HKD", 23_450.12m),
        Index("000300.SH", "CSI 300 Index", "沪深300", Market.CN, "CNY", 3_912.54m),
        Future("BU2609", "Bitumen 2609", "沥青2609", 3_512m, 1m, 0.30, 2_600m),
        Future("IC2606", "CSI 500 Index Futures 2606", "中证500股指期货2606", 5_830.2m, 0.2m, 0.25, 180m),
        Future("AP8888", "Apple Futures (continuous)", "苹果主连", 7_625m, 1m, 0.35, 1_400m),
    ];

    private static SimulatedInstrument UsStock(string symbol, string name, string nameCn, string nameHk, decimal price, double vol, decimal volume, long shares, decimal eps, decimal bps, decimal? dividend) => new()
    {
        Symbol = symbol, Type = SymbolType.Stock, Market = Market.US, Name = name, NameCn = nameCn, NameHk = nameHk, Currency = "USD",
        Exchange = "NASD", BasePrice = price, Volatility = vol, VolumePerMinute = volume, TotalShares = shares, EpsTtm = eps, Bps = bps, DividendYield = dividend,
    };

    private static SimulatedInstrument HkStock(string symbol, string name, string nameCn, string nameHk, decimal price, decimal tick, decimal volume, long shares, decimal eps, decimal bps, decimal? dividend) => new()
    {
        Symbol = symbol, Type = SymbolType.Stock, Market = Market.HK, Name = name, NameCn = nameCn, NameHk = nameHk, Currency = "HKD",
        Exchange = "SEHK", BasePrice = price, TickSize = tick, Volatility = 0.32, VolumePerMinute = volume, LotSize = 100, TotalShares = shares,
        EpsTtm = eps, Bps = bps, DividendYield = dividend,
    };

    private static SimulatedInstrument CnStock(string symbol, string name, string nameCn, string nameHk, string exchange, decimal price, double vol, decimal volume, long shares, decimal eps, decimal bps, decimal? dividend) => new()
    {
        Symbol = symbol, Type = SymbolType.Stock, Market = Market.CN, Name = name, NameCn = nameCn, NameHk = nameHk, Currency = "CNY",
        Exchange = exchange, BasePrice = price, Volatility = vol, VolumePerMinute = volume, LotSize = 100, TotalShares = shares,
        EpsTtm = eps, Bps = bps, DividendYield = dividend,
    };

    private static SimulatedInstrument Crypto(string symbol, string name, string nameCn, decimal price, decimal tick, double vol, decimal volume) => new()
    {
        Symbol = symbol, Type = SymbolType.Crypto, Market = Market.Global, Name = name, NameCn = nameCn, Currency = "USDT",
        BasePrice = price, TickSize = tick, Volatility = vol, VolumePerMinute = volume,
    };

    private static SimulatedInstrument Fx(string symbol, string name, string nameCn, decimal price, decimal tick, double vol) => new()
    {
        Symbol = symbol, Type = SymbolType.Forex, Market = Market.Global, Name = name, NameCn = nameCn, Currency = symbol[3..],
        BasePrice = price, TickSize = tick, Volatility = vol, VolumePerMinute = 0m,
    };

    private static SimulatedInstrument Index(string symbol, string name, string nameCn, Market market, string currency, decimal price) => new()
    {
        Symbol = symbol, Type = SymbolType.Indices, Market = market, Name = name, NameCn = nameCn, Currency = currency,
        BasePrice = price, Volatility = 0.18, VolumePerMinute = 0m,
    };

    private static SimulatedInstrument Future(string symbol, string name, string nameCn, decimal price, decimal tick, double vol, decimal volume) => new()
    {
        Symbol = symbol, Type = SymbolType.Futures, Market = Market.CN, Name = name, NameCn = nameCn, Currency = "CNY",
        Exchange = symbol.StartsWith("IC", StringComparison.Ordinal) ? "CFFEX" : (symbol.StartsWith("AP", StringComparison.Ordinal) ? "CZCE" : "SHFE"),
        BasePrice = price, TickSize = tick, Volatility = vol, VolumePerMinute = volume,
    };
}
