using MarketData.Client.Diagnostics;
using System.Net;
using System.Text;
using MarketData.Client.Http;
using MarketData.Client.Serialization;

namespace MarketData.Client.Tests.Reliability;

/// <summary>Valid REST bodies (one per model shape) and the SDK decode path each one goes through.</summary>
internal static class RestFuzzCorpus
{
    public sealed record Entry(string Name, byte[] Body, Func<byte[], HttpStatusCode, object> Decode);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        E("ticker", """{"code":0,"message":"success","data":[{"symbol":"700.HK","last_price":"543","volume_24h":"11205874","high_24h":"557","low_24h":"543","price_change_24h":"-9","price_change_percent_24h":"-1.63","timestamp":1773292807000},{"symbol":"EURUSD","type":"forex","last_price":"1.0862","bid_price":"1.0861","ask_price":"1.0863","timestamp":1773259201000}]}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListTicker, r)),
        E("kline", """{"code":0,"message":"success","data":{"symbol":"700.HK","type":"stock","interval":"1h","klines":[{"time":1773291600000,"open":"545.5","high":"546.5","low":"541.5","close":"543.5","volume":"1549300","quote_volume":"842560983.33"},{"time":1773295200000,"open":"543.5","high":"544","low":"540","close":"541","volume":"1200","open_interest":"12"}]}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.KlineSeries, r)),
        E("latest", """{"code":0,"message":"success","data":[{"symbol":"AAPL.US","interval":"3m","klines":[{"time":1773259020000,"open":"260.86","high":"261.05","low":"260.7","close":"260.81","volume":"963419","quote_volume":"251311057.55"}]}]}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListKlineSeries, r)),
        E("intervals", """{"code":0,"message":"success","data":{"count":11,"description":"Supported","intervals":["1m","3m","5m","15m","30m","1h","2h","4h","1d","1w","1M"]}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.KlineIntervalList, r)),
        E("depth", """{"code":0,"message":"success","data":{"symbol":"700.HK","type":"stock","timestamp":1768274016162,"bids":[["626","19700"],["625.5","40800"]],"asks":[["626.5","36100"],["627","50700"]]}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.OrderBook, r)),
        E("trades", """{"code":0,"message":"success","data":{"symbol":"BU2609","type":"futures","trades":[{"id":"1703123456789_0","price":"4315.00","quantity":"2","side":"sell","timestamp":1703123456789,"open_interest_change":0,"position_effect":"short_transfer"},{"id":17,"price":"4316","quantity":"1","side":"buy","timestamp":1703123456790,"open_interest_change":null}]}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.TradeList, r)),
        E("symbols", """{"code":0,"message":"success","data":{"products":[{"symbol":"000001.SZ","name":"平安银行","market":"CN","type":"stock","currency":"CNY","is_active":true,"updated_at":"2026-03-15T20:27:58Z"}],"summary":{"total_products":32492,"by_market":{"CN":6643,"US":8107},"by_type":{"stock":17658},"last_updated":"2026-03-27T11:09:44+08:00"},"pagination":{"limit":10,"offset":0,"total":6642,"count":10}}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.SymbolPage, r)),
        E("intraday", """{"code":0,"message":"success","data":[{"symbol":"700.HK","lines":[{"timestamp":1773192600000,"price":"568","volume":7294905,"turnover":"4181560679.96","avg_price":"573.216605"}]}]}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListIntradaySeries, r)),
        E("sessions", """{"code":0,"message":"success","data":[{"market":"US","trading_sessions":[{"begin_time":400,"end_time":930,"trade_session":1},{"begin_time":930,"end_time":1600},{"begin_time":1600,"end_time":2000,"trade_session":2}]}]}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListMarketTradingSessions, r)),
        E("tradedays", """{"code":0,"message":"success","data":{"market":"US","trade_days":["20260202","20260203"],"half_trade_days":[]}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.TradeDays, r)),
        E("stockinfo", """{"code":0,"message":"success","data":[{"symbol":"700.HK","name_cn":"腾讯控股","name_en":"TENCENT","exchange":"SEHK","currency":"HKD","lot_size":100,"total_shares":9106356125,"eps":"23.013927604754377","eps_ttm":"26.2097750997138276","stock_derivatives":[2]}]}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListStockInfo, r)),
        E("metrics", """{"code":0,"message":"success","data":[{"symbol":"700.HK","last_done":"547.5","change_val":"-4.5","change_rate":"-0.0082","total_market_value":"4985729978437.5","five_minutes_change_rate":"0"}]}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListMarketMetrics, r)),
        E("capitalflow", """{"code":0,"message":"success","data":{"symbol":"700.HK","timestamp":1773306211,"intraday_flow":[{"timestamp":1773279000,"inflow":"-12199.34"}],"distribution":{"timestamp":1773303000,"capital_in":{"large":"173056.31","medium":"164958.55","small":"83945.69"},"capital_out":{"large":"179434.39"}}}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.CapitalFlow, r)),
        E("connections", """{"code":0,"message":"success","data":[{"id":"c-1","ip":"1.2.3.4"},{"id":42}]}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListConnectionInfo, r)),
        E("error", """{"code":"AMBIGUOUS_SYMBOL","message":"ambiguous","data":{"available_types":["stock","indices"]},"error":"AMBIGUOUS_SYMBOL"}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListTicker, r)),
        E("error5004", """{"code":5004,"message":"partial","data":{"channel":"ticker","symbols":["A"],"failed_symbols":["B"],"retryable_symbols":["B"],"retryable":true}}""",
            (b, r) => EnvelopeReader.Read(b, MarketDataJsonContext.Default.IReadOnlyListTicker, r)),
    ];

    private static Entry E(string name, string body, Func<byte[], HttpReply, object> decode) =>
        new(name, Encoding.UTF8.GetBytes(body), (b, status) => decode(b, new HttpReply(status, "/fuzz", null, SecretRedactor.None)));
}
