namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// The <c>data</c> of each endpoint's example response in /work/shared/contract/openapi.yaml (API 1.0.2), transcribed
/// verbatim; where the spec only gives per-field examples (depth, trades, symbols, intervals) they are assembled into
/// one object. The one place example bodies live: tests wrap them with <see cref="StubReply.Ok"/>.
/// </summary>
internal static class ContractExamples
{
    /// <summary>GET /v1/market/ticker, 'example' of data.</summary>
    public const string Tickers = """
        [
          {"symbol": "700.HK", "last_price": "543", "volume_24h": "11205874", "high_24h": "557", "low_24h": "543",
           "price_change_24h": "-9", "price_change_percent_24h": "-1.63", "timestamp": 1773292807000},
          {"symbol": "AAPL.US", "last_price": "260.81", "volume_24h": "26218927", "high_24h": "262.13", "low_24h": "259.55",
           "price_change_24h": "-0.02", "price_change_percent_24h": "-0.01", "timestamp": 1773259201000}
        ]
        """;

    /// <summary>GET /v1/market/kline: symbol/interval field examples and the klines example.</summary>
    public const string Klines = """
        {
          "symbol": "700.HK",
          "interval": "1h",
          "klines": [
            {"time": 1773291600000, "open": "545.5", "high": "546.5", "low": "541.5", "close": "543.5",
             "volume": "1549300", "quote_volume": "842560983.33"}
          ]
        }
        """;

    /// <summary>GET /v1/market/kline/latest, 'example' of data.</summary>
    public const string LatestKlines = """
        [
          {"symbol": "AAPL.US", "interval": "3m", "klines": [
            {"time": 1773259020000, "open": "260.86", "high": "261.05", "low": "260.7", "close": "260.81",
             "volume": "963419", "quote_volume": "251311057.55"}]},
          {"symbol": "00700.HK", "interval": "3m", "klines": [
            {"time": 1773293400000, "open": "542.5", "high": "544.5", "low": "542", "close": "544.5",
             "volume": "80300", "quote_volume": "43656433.33"}]}
        ]
        """;

    /// <summary>GET /v1/market/intervals/kline: the field examples.</summary>
    public const string KlineIntervals = """
        {
          "count": 11,
          "description": "Supported K-line time intervals for historical data queries",
          "intervals": ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "1d", "1w", "1M"]
        }
        """;

    /// <summary>GET /v1/market/depth: the field examples.</summary>
    public const string Depth = """
        {
          "symbol": "700.HK",
          "timestamp": 1768274016162,
          "bids": [["626", "19700"], ["625.5", "40800"]],
          "asks": [["626.5", "36100"], ["627", "50700"]]
        }
        """;

    /// <summary>GET /v1/market/trades: the field examples (a futures print).</summary>
    public const string Trades = """
        {
          "symbol": "BU2609",
          "type": "futures",
          "trades": [
            {"id": "1703123456789_0", "price": "4315.00", "quantity": "2", "side": "sell", "timestamp": 1703123456789,
             "open_interest_change": 0, "position_effect": "short_transfer"}
          ]
        }
        """;

    /// <summary>GET /v1/symbols/available: the field examples.</summary>
    public const string AvailableSymbols = """
        {
          "products": [
            {"symbol": "000001.SZ", "name": "平安银行", "market": "CN", "type": "stock", "currency": "CNY",
             "is_active": true, "updated_at": "2026-03-15T20:27:58Z"}
          ],
          "summary": {
            "total_products": 32492,
            "by_market": {"CN": 6643, "GLOBAL": 14833, "HK": 2909, "US": 8107},
            "by_type": {"crypto": 877, "stock": 17658, "forex": 1207, "indices": 12750},
            "last_updated": "2026-03-27T11:09:44+08:00"
          },
          "pagination": {"limit": 10, "offset": 0, "total": 6642, "count": 10}
        }
        """;

    /// <summary>GET /v1/market/intraday, the 'single_symbol' example.</summary>
    public const string Intraday = """
        [
          {"symbol": "700.HK", "lines": [
            {"timestamp": 1773192600000, "price": "568", "volume": 7294905, "turnover": "4181560679.96", "avg_price": "573.216605"}]}
        ]
        """;

    /// <summary>GET /v1/market/trading-sessions, 'example' of data.</summary>
    public const string TradingSessions = """
        [
          {"market": "US", "trading_sessions": [
            {"begin_time": 400, "end_time": 930, "trade_session": 1},
            {"begin_time": 930, "end_time": 1600},
            {"begin_time": 1600, "end_time": 2000, "trade_session": 2}]}
        ]
        """;

    /// <summary>GET /v1/market/trade-days, 'example' of data.</summary>
    public const string TradeDays = """
        {
          "market": "US",
          "trade_days": ["20260202", "20260203", "20260204", "20260205", "20260206", "20260209", "20260210", "20260211",
                         "20260212", "20260213", "20260217", "20260218", "20260219", "20260220", "20260223", "20260224",
                         "20260225", "20260226", "20260227"],
          "half_trade_days": []
        }
        """;

    /// <summary>GET /v1/market/stock-info, 'example' of data.</summary>
    public const string StockInfo = """
        [
          {"symbol": "700.HK", "name_cn": "腾讯控股", "name_en": "TENCENT", "name_hk": "騰訊控股", "exchange": "SEHK",
           "currency": "HKD", "lot_size": 100, "total_shares": 9106356125, "circulating_shares": 9106356125,
           "hk_shares": 9106356125, "eps": "23.013927604754377", "eps_ttm": "26.2097750997138276",
           "bps": "140.9780051897266427", "dividend_yield": "4.5408485490127919", "stock_derivatives": [2]},
          {"symbol": "AAPL.US", "name_cn": "苹果", "name_en": "Apple Inc.", "name_hk": "蘋果", "exchange": "NASD",
           "currency": "USD", "lot_size": 1, "total_shares": 14681140000, "circulating_shares": 14656175336,
           "eps": "7.6295165089359546", "eps_ttm": "8.0223334155249524", "bps": "6.0070267022860623",
           "dividend_yield": "1.04", "stock_derivatives": [1]},
          {"symbol": "000001.SZ", "name_cn": "平安银行", "name_en": "PAB", "name_hk": "平安銀行", "exchange": "SZSE",
           "currency": "CNY", "lot_size": 100, "total_shares": 19405918198, "circulating_shares": 19405762053,
           "eps": "2.146707", "eps_ttm": "2.2218995030311835", "bps": "23.0845557231179667",
           "dividend_yield": "0.5980134452589843"}
        ]
        """;

    /// <summary>GET /v1/market/calc-index, 'example' of data.</summary>
    public const string MarketMetrics = """
        [
          {"symbol": "700.HK", "last_done": "547.5", "change_val": "-4.5", "change_rate": "-0.0082", "volume": "16521084",
           "turnover": "0.0018", "ytd_change_rate": "-0.086", "turnover_rate": "0.18", "total_market_value": "4985729978437.5",
           "capital_flow": "-277985600", "amplitude": "0.0281", "volume_ratio": "0.47", "pe_ttm_ratio": "20.89",
           "pb_ratio": "3.88", "dividend_ratio_ttm": "0.83", "five_day_change_rate": "0.0906",
           "ten_day_change_rate": "0.0693", "half_year_change_rate": "-0.1492", "five_minutes_change_rate": "0"}
        ]
        """;

    /// <summary>GET /v1/market/capital-flow, 'example' of data (timestamps in seconds).</summary>
    public const string CapitalFlow = """
        {
          "symbol": "700.HK",
          "timestamp": 1773306211,
          "intraday_flow": [
            {"timestamp": 1773279000, "inflow": "-12199.34"},
            {"timestamp": 1773279060, "inflow": "-15137.59"}
          ],
          "distribution": {
            "timestamp": 1773303000,
            "capital_in": {"large": "173056.31", "medium": "164958.55", "small": "83945.69"},
            "capital_out": {"large": "179434.39", "medium": "176045.91", "small": "92979.74"}
          }
        }
        """;

    /// <summary>
    /// GET /v1/connections. Not in openapi.yaml: ERRORS.md only promises a list of objects with an "id" (string or
    /// number) and other fields that must stay readable.
    /// </summary>
    public const string Connections = """
        [
          {"id": "conn-7a1f", "ip": "203.0.113.7", "connected_at": 1773292807000, "subscriptions": 12},
          {"id": 42, "ip": "203.0.113.8"}
        ]
        """;
}
