namespace MarketData.Client.DocSnippets;

internal static class RestSnippets
{
    public static async Task QuotesAsync(IMarketDataClient client)
    {
        IReadOnlyList<Ticker> tickers = await client.GetTickersAsync(["AAPL.US", "700.HK", "EURUSD", "BTCUSDT"]);
        OrderBook book = await client.GetDepthAsync("700.HK", limit: 20);
        TradeList trades = await client.GetTradesAsync("BU2609", limit: 100);
        IReadOnlyList<IntradaySeries> intraday = await client.GetIntradayAsync(["700.HK", "9988.HK"]);
    }

    public static async Task KlinesAsync(IMarketDataClient client)
    {
        KlineSeries hourly = await client.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, limit: 100);
        KlineSeries range = await client.GetKlinesAsync(
            "700.HK", KlineInterval.OneDay,
            start: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            end: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        IReadOnlyList<KlineSeries> latest = await client.GetLatestKlinesAsync(["AAPL.US", "00700.HK"], KlineInterval.ThreeMinutes);
        KlineIntervalList intervals = await client.GetKlineIntervalsAsync();

        // Any range, any length: windows of at most 1000 bars, in order, no gaps or duplicates.
        await foreach (Kline bar in client.GetKlineHistoryAsync(
            "BTCUSDT", KlineInterval.OneMinute,
            DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow))
        {
            Console.WriteLine($"{bar.Time:u} {bar.Close}");
        }
    }

    public static async Task InstrumentsAsync(IMarketDataClient client)
    {
        SymbolPage page = await client.GetAvailableSymbolsAsync(type: SymbolType.Stock, market: Market.CN, limit: 100, offset: 0);

        // Every instrument, page after page until the end.
        await foreach (SymbolInfo symbol in client.ListAvailableSymbolsAsync(market: Market.HK))
        {
            Console.WriteLine($"{symbol.Symbol} {symbol.Name}");
        }

        IReadOnlyList<MarketTradingSessions> sessions = await client.GetTradingSessionsAsync(Market.US);
        TradeDays days = await client.GetTradeDaysAsync(Market.US, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));
    }

    public static async Task FundamentalsAsync(IMarketDataClient client)
    {
        IReadOnlyList<StockInfo> info = await client.GetStockInfoAsync(["700.HK", "AAPL.US", "000001.SZ"]);
        IReadOnlyList<MarketMetrics> metrics = await client.GetMarketMetricsAsync(["700.HK"]);
        CapitalFlow flow = await client.GetCapitalFlowAsync("700.HK");
    }

    public static async Task ConnectionsAsync(IMarketDataClient client)
    {
        IReadOnlyList<ConnectionInfo> connections = await client.GetConnectionsAsync();
        foreach (ConnectionInfo connection in connections)
        {
            await client.CloseConnectionAsync(connection.Id);
        }
    }
}
