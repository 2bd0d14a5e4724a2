using MarketData.Client.Models;
using MarketData.Client.Testing;

namespace MarketData.Client.Tests.Simulator;

/// <summary>The real <see cref="MarketDataClient"/> against the simulator, endpoint by endpoint: the data is realistic and self-consistent.</summary>
[TestFixture]
public sealed class SimulatorRestTests
{
    private static readonly string[] AcrossMarkets = ["AAPL.US", "700.HK", "600519.SH", "BTCUSDT", "EURUSD", "SPX", "BU2609"];
    private MarketDataSimulator _sim = null!;
    private MarketDataClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sim = await SimulatorKit.StartFrozenAsync();
        _client = SimulatorKit.Client(_sim);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    [Test]
    public async Task Tickers_across_markets_are_consistent_snapshots()
    {
        var tickers = await _client.GetTickersAsync(AcrossMarkets);

        tickers.Select(t => t.Symbol).Should().Equal(AcrossMarkets);
        foreach (var t in tickers)
        {
            t.Timestamp.Should().Be(SimulatorKit.FrozenNow);
            t.LastPrice.Should().Be(_sim.GetLastPrice(t.Symbol)).And.BePositive();
            t.Low24h.Should().BeLessThanOrEqualTo(t.LastPrice);
            t.High24h.Should().BeGreaterThanOrEqualTo(t.LastPrice);
            (t.LastPrice - t.PriceChange24h!.Value).Should().BeInRange(t.Low24h!.Value, t.High24h!.Value, "the 24 h open lies within the 24 h range");
            t.Name.Should().NotBeNullOrEmpty();
        }

        var btc = tickers.Single(t => t.Symbol == "BTCUSDT");
        btc.Type.Should().Be(SymbolType.Crypto);
        btc.BidPrice.Should().BeLessThan(btc.LastPrice);
        btc.AskPrice.Should().BeGreaterThan(btc.LastPrice);
        tickers.Single(t => t.Symbol == "AAPL.US").BidPrice.Should().BeNull("stocks quote no bid/ask on the ticker");
        tickers.Single(t => t.Symbol == "EURUSD").Volume24h.Should().BeNull("forex has no volume");
        tickers.Single(t => t.Symbol == "700.HK").LastPrice.Should().Match(p => p % 0.5m == 0, "700.HK trades in half-dollar ticks");
    }

    [Test]
    public async Task Unknown_symbols_are_left_out_and_none_known_is_symbol_not_found()
    {
        var tickers = await _client.GetTickersAsync(["AAPL.US", "NOPE.US", "00700.HK"]);
        tickers.Select(t => t.Symbol).Should().Equal("AAPL.US", "700.HK");

        var act = () => _client.GetTickersAsync(["NOPE.US"]);
        (await act.Should().ThrowAsync<SymbolNotFoundException>()).Which.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_type_that_contradicts_the_symbol_is_rejected()
    {
        var act = () => _client.GetTickersAsync(["AAPL.US"], SymbolType.Crypto);
        (await act.Should().ThrowAsync<InvalidRequestException>()).Which.Code.Should().Be(ErrorCode.SymbolTypeConflict);
    }

    /// <summary>The intervals of /v1/market/kline: the contract lists every one but 3m (only kline/latest has it).</summary>
    private static IEnumerable<string> HistoryIntervals() => Intervals.Where(i => i != "3m");

    [TestCaseSource(nameof(HistoryIntervals))]
    public async Task Klines_close_at_the_ticker_and_follow_each_other(string intervalText)
    {
        var interval = KlineInterval.Parse(intervalText);
        var series = await _client.GetKlinesAsync("AAPL.US", interval, limit: 40);
        var ticker = (await _client.GetTickersAsync(["AAPL.US"])).Single();

        series.Symbol.Should().Be("AAPL.US");
        series.Interval.Should().Be(interval);
        series.Klines.Should().HaveCount(40);
        series.Klines[^1].Close.Should().Be(ticker.LastPrice, "the bar in progress closes at the last price");
        series.Klines[^1].Time.Should().BeOnOrBefore(SimulatorKit.FrozenNow);
        for (var i = 0; i < series.Klines.Count; i++)
        {
            var bar = series.Klines[i];
            bar.Low.Should().BeLessThanOrEqualTo(Math.Min(bar.Open, bar.Close));
            bar.High.Should().BeGreaterThanOrEqualTo(Math.Max(bar.Open, bar.Close));
            bar.Volume.Should().BePositive();
            if (i > 0)
            {
                bar.Time.Should().BeAfter(series.Klines[i - 1].Time);
                bar.Open.Should().Be(series.Klines[i - 1].Close, "a bar opens where the previous one closed");
            }
        }

        var first = series.Klines[0].Time;
        switch (intervalText)
        {
            case "1w":
                first.DayOfWeek.Should().Be(DayOfWeek.Monday);
                break;
            case "1M":
                first.Day.Should().Be(1);
                series.Klines[1].Time.Should().Be(first.AddMonths(1));
                break;
            default:
                (series.Klines[1].Time - first).Should().Be(Span(intervalText));
                break;
        }
    }

    [Test]
    public async Task Klines_honour_start_end_and_limit()
    {
        var start = new DateTimeOffset(2026, 3, 11, 4, 40, 30, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 11, 12, 45, 0, TimeSpan.Zero);

        var all = await _client.GetKlinesAsync("700.HK", KlineInterval.FifteenMinutes, limit: 1000, start: start, end: end);
        var limited = await _client.GetKlinesAsync("700.HK", KlineInterval.FifteenMinutes, limit: 5, start: start, end: end);
        var endOnly = await _client.GetKlinesAsync("700.HK", KlineInterval.FifteenMinutes, limit: 3, end: end);

        all.Klines.Should().HaveCount(33, "04:45 to 12:45 in 15-minute bars: the first bar starts after the unaligned start");
        all.Klines[0].Time.Should().Be(new DateTimeOffset(2026, 3, 11, 4, 45, 0, TimeSpan.Zero));
        all.Klines[^1].Time.Should().Be(end);
        limited.Klines.Should().Equal(all.Klines.Take(5), "with a start the earliest bars come first");
        endOnly.Klines.Should().Equal(all.Klines.TakeLast(3), "with only an end the latest bars up to it come back");
    }

    [Test]
    public async Task Kline_history_walks_long_ranges_without_gaps_or_duplicates()
    {
        var from = SimulatorKit.FrozenNow.AddSeconds(-30).AddMinutes(-2500);
        _sim.ResetCounters();

        var bars = await _client.GetKlineHistoryAsync("BTCUSDT", KlineInterval.OneMinute, from, SimulatorKit.FrozenNow).ToListAsync();

        bars.Should().HaveCount(2501, "2500 whole minutes back from the bar in progress, both ends included");
        bars.Select(b => b.Time).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        bars.Zip(bars.Skip(1)).Should().OnlyContain(p => p.Second.Time - p.First.Time == TimeSpan.FromMinutes(1));
        _sim.RequestCount("/v1/market/kline").Should().Be(3, "1000 bars per request");
    }

    [Test]
    public async Task Latest_klines_agree_with_the_ticker_for_each_symbol()
    {
        var series = await _client.GetLatestKlinesAsync(["AAPL.US", "ETHUSDT"], KlineInterval.OneHour);
        var tickers = await _client.GetTickersAsync(["AAPL.US", "ETHUSDT"]);

        series.Select(s => s.Symbol).Should().Equal("AAPL.US", "ETHUSDT");
        foreach (var s in series)
        {
            s.Klines.Should().ContainSingle().Which.Close.Should().Be(tickers.Single(t => t.Symbol == s.Symbol).LastPrice);
            s.Klines[0].Time.Should().Be(new DateTimeOffset(2026, 3, 11, 14, 0, 0, TimeSpan.Zero));
        }
    }

    [Test]
    public async Task Kline_intervals_are_listed()
    {
        var list = await _client.GetKlineIntervalsAsync();

        list.Count.Should().Be(11);
        list.Intervals.Should().Equal(Intervals.Select(KlineInterval.Parse));
    }

    [Test]
    public async Task The_order_book_has_bids_below_asks_around_the_last_price_and_honours_limit()
    {
        var book = await _client.GetDepthAsync("700.HK", limit: 20);
        var defaultBook = await _client.GetDepthAsync("700.HK");
        var last = _sim.GetLastPrice("700.HK");

        book.Bids.Should().HaveCount(20);
        book.Asks.Should().HaveCount(20);
        defaultBook.Bids.Should().HaveCount(10);
        book.Bids.Select(l => l.Price).Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        book.Asks.Select(l => l.Price).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        book.Bids[0].Price.Should().BeLessThan(last);
        book.Asks[0].Price.Should().BeGreaterThan(last);
        book.Bids.Concat(book.Asks).Should().OnlyContain(l => l.Quantity > 0 && l.Quantity % 100 == 0, "HK quantities are in board lots of 100");
        book.Timestamp.Should().Be(SimulatorKit.FrozenNow);
    }

    [Test]
    public async Task Forex_has_no_order_book()
    {
        var act = () => _client.GetDepthAsync("EURUSD");
        await act.Should().ThrowAsync<InvalidParametersException>();
    }

    [Test]
    public async Task Trades_are_recent_ordered_and_priced_on_the_path()
    {
        var list = await _client.GetTradesAsync("AAPL.US", limit: 30);
        var futures = await _client.GetTradesAsync("BU2609", limit: 5);
        var ticker = (await _client.GetTickersAsync(["AAPL.US"])).Single();

        list.Trades.Should().HaveCount(30);
        list.Trades.Select(t => t.Timestamp).Should().BeInAscendingOrder();
        list.Trades.Select(t => t.Id).Should().OnlyHaveUniqueItems();
        list.Trades.Should().OnlyContain(t => t.Timestamp <= SimulatorKit.FrozenNow && t.Timestamp > SimulatorKit.FrozenNow.AddMinutes(-5));
        list.Trades.Should().OnlyContain(t => t.Price >= ticker.Low24h && t.Price <= ticker.High24h && t.Quantity > 0);
        list.Trades.Should().OnlyContain(t => t.Side == TradeSide.Buy || t.Side == TradeSide.Sell || t.Side == TradeSide.Neutral);
        list.Trades.Should().OnlyContain(t => t.PositionEffect == null);
        futures.Trades.Should().HaveCount(5).And.OnlyContain(t => t.PositionEffect != null && t.PositionEffect.Value.IsKnown);
    }

    [Test]
    public async Task Symbol_pages_really_page()
    {
        var pages = new List<SymbolPage>();
        for (var offset = 0; ; offset += 5)
        {
            var page = await _client.GetAvailableSymbolsAsync(limit: 5, offset: offset);
            pages.Add(page);
            if (page.Products.Count < 5)
            {
                break;
            }
        }

        var all = pages.SelectMany(p => p.Products).Select(p => p.Symbol).ToList();
        all.Should().Equal(SimulatedInstrument.Defaults.Select(i => i.Symbol));
        pages.Should().OnlyContain(p => p.Pagination!.Total == SimulatedInstrument.Defaults.Count && p.Pagination.Limit == 5);
        pages[1].Pagination!.Offset.Should().Be(5);
        pages[0].Summary!.TotalProducts.Should().Be(SimulatedInstrument.Defaults.Count);
        pages[0].Summary!.ByMarket.Values.Sum().Should().Be(SimulatedInstrument.Defaults.Count);
    }

    [Test]
    public async Task Symbols_filter_by_market_and_type_and_list_all_pages()
    {
        var cn = await _client.GetAvailableSymbolsAsync(market: Market.CN);
        var crypto = await _client.GetAvailableSymbolsAsync(type: SymbolType.Crypto);
        _sim.ResetCounters();
        var listed = await _client.ListAvailableSymbolsAsync(pageSize: 4).ToListAsync();

        cn.Products.Should().OnlyContain(p => p.Market == Market.CN).And.HaveCount(7);
        crypto.Products.Select(p => p.Symbol).Should().Equal("BTCUSDT", "ETHUSDT", "SOLUSDT");
        listed.Should().HaveCount(SimulatedInstrument.Defaults.Count);
        _sim.RequestCount("/v1/symbols/available").Should().Be(6, "22 instruments in pages of 4");
    }

    [Test]
    public async Task Intraday_series_end_at_the_last_price_with_cumulative_volume()
    {
        var series = (await _client.GetIntradayAsync(["700.HK"])).Single();

        series.Lines.Should().HaveCount(240);
        series.Lines[^1].Price.Should().Be(_sim.GetLastPrice("700.HK"));
        series.Lines.Select(l => l.Volume).Should().BeInAscendingOrder();
        series.Lines.Zip(series.Lines.Skip(1)).Should().OnlyContain(p => p.Second.Timestamp - p.First.Timestamp == TimeSpan.FromMinutes(1));
        series.Lines[^1].AveragePrice.Should().BeInRange(series.Lines.Min(l => l.Price) - 1, series.Lines.Max(l => l.Price) + 1);
    }

    [Test]
    public async Task Trading_sessions_per_market()
    {
        var us = (await _client.GetTradingSessionsAsync(Market.US)).Single();
        var hk = (await _client.GetTradingSessionsAsync(Market.HK)).Single();

        us.Market.Should().Be(Market.US);
        us.Sessions.Should().HaveCount(3);
        us.Sessions[0].Session.Should().Be(TradeSession.PreMarket);
        us.Sessions[2].Session.Should().Be(TradeSession.PostMarket);
        us.Sessions.Select(s => (s.Begin, s.End)).Should().Equal(
            (new TimeOnly(4, 0), new TimeOnly(9, 30)), (new TimeOnly(9, 30), new TimeOnly(16, 0)), (new TimeOnly(16, 0), new TimeOnly(20, 0)));
        hk.Sessions.Should().HaveCount(2, "HK breaks for lunch");
    }

    [Test]
    public async Task Trade_days_match_the_contracts_example_for_february_2026()
    {
        var days = await _client.GetTradeDaysAsync(Market.US, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));

        days.Days.Select(d => d.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(
            "20260202", "20260203", "20260204", "20260205", "20260206", "20260209", "20260210", "20260211", "20260212", "20260213",
            "20260217", "20260218", "20260219", "20260220", "20260223", "20260224", "20260225", "20260226", "20260227");
        days.HalfDays.Should().BeEmpty();
    }

    [Test]
    public async Task Stock_info_covers_stocks_only()
    {
        var info = await _client.GetStockInfoAsync(["700.HK", "AAPL.US", "000001.SZ", "BTCUSDT"]);

        info.Select(i => i.Symbol).Should().Equal("700.HK", "AAPL.US", "000001.SZ");
        info.Select(i => i.LotSize).Should().Equal(100L, 1L, 100L);
        info.Select(i => i.Currency).Should().Equal("HKD", "USD", "CNY");
        info[0].NameCn.Should().Be("腾讯控股");
        info[0].HkShares.Should().Be(info[0].TotalShares);
    }

    [Test]
    public async Task Market_metrics_agree_with_the_ticker()
    {
        var metrics = (await _client.GetMarketMetricsAsync(["AAPL.US"])).Single();
        var ticker = (await _client.GetTickersAsync(["AAPL.US"])).Single();
        var info = (await _client.GetStockInfoAsync(["AAPL.US"])).Single();

        metrics.LastPrice.Should().Be(ticker.LastPrice);
        metrics.PeTtmRatio.Should().Be(Math.Round(ticker.LastPrice / info.EpsTtm!.Value, 2));
        metrics.TotalMarketValue.Should().Be(ticker.LastPrice * info.TotalShares);
    }

    [Test]
    public async Task Capital_flow_inflow_equals_capital_in_minus_out()
    {
        var flow = await _client.GetCapitalFlowAsync("700.HK");
        var metrics = (await _client.GetMarketMetricsAsync(["700.HK"])).Single();

        flow.Timestamp.Should().Be(SimulatorKit.FrozenNow, "sent in Unix seconds");
        flow.IntradayFlow.Should().HaveCount(240);
        var d = flow.Distribution!;
        var net = d.CapitalIn!.Large + d.CapitalIn.Medium + d.CapitalIn.Small - d.CapitalOut!.Large - d.CapitalOut.Medium - d.CapitalOut.Small;
        net.Should().Be(flow.IntradayFlow[^1].Inflow);
        new[] { d.CapitalIn.Large, d.CapitalIn.Medium, d.CapitalIn.Small, d.CapitalOut.Large }.Should().OnlyContain(v => v > 0);
        metrics.CapitalFlow.Should().Be(flow.IntradayFlow[^1].Inflow);
    }

    [Test]
    public async Task A_wrong_key_is_1001_and_is_not_retried()
    {
        using var client = _sim.CreateClient(o => o.ApiKey = "not-the-key");
        _sim.ResetCounters();

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var error = (await act.Should().ThrowAsync<InvalidApiKeyException>()).Which;
        error.StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
        error.Message.Should().NotContain("not-the-key");
        _sim.RequestCount("/v1/market/ticker").Should().Be(1);
    }

    [Test]
    public async Task No_key_is_1002()
    {
        using var http = new HttpClient { BaseAddress = _sim.BaseAddress };

        using var response = await http.GetAsync("/v1/market/ticker?symbols=AAPL.US");
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(401);
        body.Should().StartWith("{\"code\":1002,");
    }

    [TestCase("/v1/market/kline?symbol=AAPL.US&interval=1m&limit=1001", 400, "2004")]
    [TestCase("/v1/market/kline?symbol=AAPL.US&interval=7m", 400, "2001")]
    [TestCase("/v1/market/kline?symbol=AAPL.US&interval=1m&start_time=2000&end_time=1000", 400, "2003")]
    [TestCase("/v1/market/kline?interval=1m", 400, "2001")]
    [TestCase("/v1/market/depth?symbol=AAPL.US&limit=51", 400, "2004")]
    [TestCase("/v1/market/trade-days?market=US&beg_day=2026-02-01&end_day=20260228", 400, "2003")]
    [TestCase("/v1/market/unknown", 404, "40404")]
    public async Task The_server_validates_what_the_client_would_not_send(string pathAndQuery, int status, string code)
    {
        using var http = new HttpClient { BaseAddress = _sim.BaseAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", _sim.ApiKey);

        using var response = await http.GetAsync(pathAndQuery);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        ((int)response.StatusCode).Should().Be(status);
        body.RootElement.GetProperty("code").ToString().Should().Be(code);
        body.RootElement.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task Requests_are_recorded_with_their_query_and_status()
    {
        _sim.ResetCounters();

        await _client.GetDepthAsync("AAPL.US", limit: 7);

        var request = _sim.ReceivedRequests.Should().ContainSingle().Which;
        request.Method.Should().Be("GET");
        request.Path.Should().Be("/v1/market/depth");
        request.Query.Should().Contain("symbol", "AAPL.US").And.Contain("limit", "7");
        request.StatusCode.Should().Be(200);
        request.ReceivedAt.Should().Be(SimulatorKit.FrozenNow);
    }

    private static readonly string[] Intervals = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "1d", "1w", "1M"];

    private static TimeSpan Span(string interval) => interval[^1] switch
    {
        'm' => TimeSpan.FromMinutes(int.Parse(interval[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(int.Parse(interval[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromDays(1),
    };
}
