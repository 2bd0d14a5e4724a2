using System.Text.Json;
using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;
using static MarketData.Client.Tests.Infrastructure.ModelAssertions;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// Every endpoint against a loopback stub that answers with the contract's example: the request (method, path, exact
/// query, X-API-Key) as the stub received it, and every field of the example in the model with the right value and type.
/// </summary>
public sealed class EndpointTests : StubFixture
{
    [Test]
    public async Task GetTickersAsync_sends_the_symbols_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok(ContractExamples.Tickers));
        using var client = Stub.CreateClient();

        var tickers = await client.GetTickersAsync(["700.HK", "AAPL.US"], SymbolType.Stock);

        Stub.Single.ShouldBe("GET", "/v1/market/ticker", ("symbols", "700.HK,AAPL.US"), ("type", "stock"));
        tickers.ShouldMatch<IReadOnlyList<Ticker>>(
        [
            new Ticker
            {
                Symbol = "700.HK", LastPrice = 543m, Volume24h = 11205874m, High24h = 557m, Low24h = 543m,
                PriceChange24h = -9m, PriceChangePercent24h = -1.63m, Timestamp = Ms(1773292807000),
            },
            new Ticker
            {
                Symbol = "AAPL.US", LastPrice = 260.81m, Volume24h = 26218927m, High24h = 262.13m, Low24h = 259.55m,
                PriceChange24h = -0.02m, PriceChangePercent24h = -0.01m, Timestamp = Ms(1773259201000),
            },
        ]);
        tickers[1].LastPrice.ShouldBeExactly("260.81");
        tickers[0].Name.Should().BeNull("the example has no name");
        tickers[0].BidPrice.Should().BeNull("the example has no bid");
        tickers[0].Type.Should().BeNull("the example has no type");
    }

    [Test]
    public async Task GetKlinesAsync_sends_every_parameter_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/kline", StubReply.Ok(ContractExamples.Klines));
        using var client = Stub.CreateClient();

        var series = await client.GetKlinesAsync("700.HK", KlineInterval.OneHour, limit: 100, start: Ms(1703123456789), end: Ms(1703209856789), type: SymbolType.Stock);

        Stub.Single.ShouldBe(
            "GET", "/v1/market/kline",
            ("symbol", "700.HK"), ("interval", "1h"), ("limit", "100"), ("start_time", "1703123456789"), ("end_time", "1703209856789"), ("type", "stock"));
        series.ShouldMatch(new KlineSeries
        {
            Symbol = "700.HK",
            Type = null,
            Interval = KlineInterval.OneHour,
            Klines =
            [
                new Kline
                {
                    Time = Ms(1773291600000), Open = 545.5m, High = 546.5m, Low = 541.5m, Close = 543.5m,
                    Volume = 1549300m, QuoteVolume = 842560983.33m, OpenInterest = null,
                },
            ],
        });
        series.Interval.IsKnown.Should().BeTrue();
        series.Klines[0].QuoteVolume.ShouldBeExactly("842560983.33");
    }

    [Test]
    public async Task GetKlinesAsync_sends_only_the_required_parameters_when_the_optional_ones_are_absent()
    {
        Stub.OnGet("/v1/market/kline", StubReply.Ok(ContractExamples.Klines));
        using var client = Stub.CreateClient();

        await client.GetKlinesAsync("700.HK", KlineInterval.OneMonth);

        Stub.Single.ShouldBe("GET", "/v1/market/kline", ("symbol", "700.HK"), ("interval", "1M"));
    }

    [Test]
    public async Task GetLatestKlinesAsync_sends_symbols_and_interval_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/kline/latest", StubReply.Ok(ContractExamples.LatestKlines));
        using var client = Stub.CreateClient();

        var series = await client.GetLatestKlinesAsync(["AAPL.US", "00700.HK"], KlineInterval.ThreeMinutes);

        Stub.Single.ShouldBe("GET", "/v1/market/kline/latest", ("symbols", "AAPL.US,00700.HK"), ("interval", "3m"));
        series.ShouldMatch<IReadOnlyList<KlineSeries>>(
        [
            new KlineSeries
            {
                Symbol = "AAPL.US",
                Interval = KlineInterval.ThreeMinutes,
                Klines =
                [
                    new Kline
                    {
                        Time = Ms(1773259020000), Open = 260.86m, High = 261.05m, Low = 260.7m, Close = 260.81m,
                        Volume = 963419m, QuoteVolume = 251311057.55m,
                    },
                ],
            },
            new KlineSeries
            {
                Symbol = "00700.HK",
                Interval = KlineInterval.ThreeMinutes,
                Klines =
                [
                    new Kline
                    {
                        Time = Ms(1773293400000), Open = 542.5m, High = 544.5m, Low = 542m, Close = 544.5m,
                        Volume = 80300m, QuoteVolume = 43656433.33m,
                    },
                ],
            },
        ]);
    }

    [Test]
    public async Task GetKlineIntervalsAsync_decodes_the_example()
    {
        Stub.OnGet("/v1/market/intervals/kline", StubReply.Ok(ContractExamples.KlineIntervals));
        using var client = Stub.CreateClient();

        var list = await client.GetKlineIntervalsAsync();

        Stub.Single.ShouldBe("GET", "/v1/market/intervals/kline");
        list.Count.Should().Be(11);
        list.Description.Should().Be("Supported K-line time intervals for historical data queries");
        list.Intervals.Should().Equal(
            KlineInterval.OneMinute, KlineInterval.ThreeMinutes, KlineInterval.FiveMinutes, KlineInterval.FifteenMinutes,
            KlineInterval.ThirtyMinutes, KlineInterval.OneHour, KlineInterval.TwoHours, KlineInterval.FourHours,
            KlineInterval.OneDay, KlineInterval.OneWeek, KlineInterval.OneMonth);
        list.Intervals.Should().OnlyContain(i => i.IsKnown);
        KlineInterval.Parse("1M").Should().Be(KlineInterval.OneMonth).And.NotBe(KlineInterval.OneMinute, "interval names are case-sensitive");
    }

    [Test]
    public async Task GetDepthAsync_sends_limit_and_type_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/depth", StubReply.Ok(ContractExamples.Depth));
        using var client = Stub.CreateClient();

        var book = await client.GetDepthAsync("700.HK", limit: 20, type: SymbolType.Stock);

        Stub.Single.ShouldBe("GET", "/v1/market/depth", ("symbol", "700.HK"), ("limit", "20"), ("type", "stock"));
        book.ShouldMatch(new OrderBook
        {
            Symbol = "700.HK",
            Type = null,
            Timestamp = Ms(1768274016162),
            Bids = [new PriceLevel(626m, 19700m), new PriceLevel(625.5m, 40800m)],
            Asks = [new PriceLevel(626.5m, 36100m), new PriceLevel(627m, 50700m)],
        });
    }

    [Test]
    public async Task GetTradesAsync_sends_limit_and_type_and_decodes_the_futures_example()
    {
        Stub.OnGet("/v1/market/trades", StubReply.Ok(ContractExamples.Trades));
        using var client = Stub.CreateClient();

        var trades = await client.GetTradesAsync("BU2609", limit: 100, type: SymbolType.Futures);

        Stub.Single.ShouldBe("GET", "/v1/market/trades", ("symbol", "BU2609"), ("limit", "100"), ("type", "futures"));
        trades.ShouldMatch(new TradeList
        {
            Symbol = "BU2609",
            Type = SymbolType.Futures,
            Trades =
            [
                new Trade
                {
                    Id = "1703123456789_0", Price = 4315.00m, Quantity = 2m, Side = TradeSide.Sell, Timestamp = Ms(1703123456789),
                    OpenInterestChange = 0, PositionEffect = PositionEffect.ShortTransfer,
                },
            ],
        });
        trades.Trades[0].Price.ShouldBeExactly("4315.00");
        trades.Trades[0].Side.IsKnown.Should().BeTrue();
        trades.Trades[0].PositionEffect!.Value.IsKnown.Should().BeTrue();
    }

    [Test]
    public async Task GetAvailableSymbolsAsync_sends_the_filters_and_decodes_the_example()
    {
        Stub.OnGet("/v1/symbols/available", StubReply.Ok(ContractExamples.AvailableSymbols));
        using var client = Stub.CreateClient();

        var page = await client.GetAvailableSymbolsAsync(SymbolType.Stock, Market.CN, limit: 50, offset: 0);

        Stub.Single.ShouldBe("GET", "/v1/symbols/available", ("type", "stock"), ("market", "CN"), ("limit", "50"), ("offset", "0"));
        page.ShouldMatch(new SymbolPage
        {
            Products =
            [
                new SymbolInfo
                {
                    Symbol = "000001.SZ", Name = "平安银行", Market = Market.CN, Type = SymbolType.Stock, Currency = "CNY",
                    IsActive = true, UpdatedAt = new DateTimeOffset(2026, 3, 15, 20, 27, 58, TimeSpan.Zero),
                },
            ],
            Summary = new SymbolSummary
            {
                TotalProducts = 32492,
                ByMarket = new Dictionary<string, long> { ["CN"] = 6643, ["GLOBAL"] = 14833, ["HK"] = 2909, ["US"] = 8107 },
                ByType = new Dictionary<string, long> { ["crypto"] = 877, ["stock"] = 17658, ["forex"] = 1207, ["indices"] = 12750 },
                LastUpdated = new DateTimeOffset(2026, 3, 27, 3, 9, 44, TimeSpan.Zero),
            },
            Pagination = new PageInfo { Limit = 10, Offset = 0, Total = 6642, Count = 10 },
        });
    }

    [Test]
    public async Task GetIntradayAsync_sends_the_symbols_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/intraday", StubReply.Ok(ContractExamples.Intraday));
        using var client = Stub.CreateClient();

        var series = await client.GetIntradayAsync(["700.HK"], SymbolType.Stock);

        Stub.Single.ShouldBe("GET", "/v1/market/intraday", ("symbols", "700.HK"), ("type", "stock"));
        series.ShouldMatch<IReadOnlyList<IntradaySeries>>(
        [
            new IntradaySeries
            {
                Symbol = "700.HK",
                Lines =
                [
                    new IntradayPoint
                    {
                        Timestamp = Ms(1773192600000), Price = 568m, Volume = 7294905m, Turnover = 4181560679.96m, AveragePrice = 573.216605m,
                    },
                ],
            },
        ]);
        series[0].Lines[0].AveragePrice.ShouldBeExactly("573.216605");
    }

    [Test]
    public async Task GetTradingSessionsAsync_sends_the_market_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/trading-sessions", StubReply.Ok(ContractExamples.TradingSessions));
        using var client = Stub.CreateClient();

        var markets = await client.GetTradingSessionsAsync(Market.US);

        Stub.Single.ShouldBe("GET", "/v1/market/trading-sessions", ("market", "US"));
        markets.ShouldMatch<IReadOnlyList<MarketTradingSessions>>(
        [
            new MarketTradingSessions
            {
                Market = Market.US,
                Sessions =
                [
                    new TradingSession { BeginTime = 400, EndTime = 930, Session = TradeSession.PreMarket },
                    new TradingSession { BeginTime = 930, EndTime = 1600, Session = TradeSession.Regular },
                    new TradingSession { BeginTime = 1600, EndTime = 2000, Session = TradeSession.PostMarket },
                ],
            },
        ]);
        markets[0].Sessions.Select(s => (s.Begin, s.End)).Should().Equal(
            (new TimeOnly(4, 0), new TimeOnly(9, 30)), (new TimeOnly(9, 30), new TimeOnly(16, 0)), (new TimeOnly(16, 0), new TimeOnly(20, 0)));
    }

    [Test]
    public async Task GetTradeDaysAsync_sends_compact_dates_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/trade-days", StubReply.Ok(ContractExamples.TradeDays));
        using var client = Stub.CreateClient();

        var days = await client.GetTradeDaysAsync(Market.US, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));

        Stub.Single.ShouldBe("GET", "/v1/market/trade-days", ("market", "US"), ("beg_day", "20260201"), ("end_day", "20260228"));
        days.Market.Should().Be(Market.US);
        days.Days.Should().HaveCount(19).And.StartWith(new DateOnly(2026, 2, 2)).And.EndWith(new DateOnly(2026, 2, 27))
            .And.Contain(new DateOnly(2026, 2, 17)).And.NotContain(new DateOnly(2026, 2, 16), "Presidents' Day is not in the example")
            .And.BeInAscendingOrder();
        days.HalfDays.Should().BeEmpty();
    }

    [Test]
    public async Task GetStockInfoAsync_sends_the_symbols_and_decodes_the_example_with_absent_fields_as_null()
    {
        Stub.OnGet("/v1/market/stock-info", StubReply.Ok(ContractExamples.StockInfo));
        using var client = Stub.CreateClient();

        var info = await client.GetStockInfoAsync(["700.HK", "AAPL.US", "000001.SZ"]);

        Stub.Single.ShouldBe("GET", "/v1/market/stock-info", ("symbols", "700.HK,AAPL.US,000001.SZ"));
        info.ShouldMatch<IReadOnlyList<StockInfo>>(
        [
            new StockInfo
            {
                Symbol = "700.HK", NameCn = "腾讯控股", NameEn = "TENCENT", NameHk = "騰訊控股", Exchange = "SEHK", Currency = "HKD",
                LotSize = 100, TotalShares = 9106356125, CirculatingShares = 9106356125, HkShares = 9106356125,
                Eps = 23.013927604754377m, EpsTtm = 26.2097750997138276m, Bps = 140.9780051897266427m,
                DividendYield = 4.5408485490127919m, StockDerivatives = [2],
            },
            new StockInfo
            {
                Symbol = "AAPL.US", NameCn = "苹果", NameEn = "Apple Inc.", NameHk = "蘋果", Exchange = "NASD", Currency = "USD",
                LotSize = 1, TotalShares = 14681140000, CirculatingShares = 14656175336, HkShares = null,
                Eps = 7.6295165089359546m, EpsTtm = 8.0223334155249524m, Bps = 6.0070267022860623m,
                DividendYield = 1.04m, StockDerivatives = [1],
            },
            new StockInfo
            {
                Symbol = "000001.SZ", NameCn = "平安银行", NameEn = "PAB", NameHk = "平安銀行", Exchange = "SZSE", Currency = "CNY",
                LotSize = 100, TotalShares = 19405918198, CirculatingShares = 19405762053, HkShares = null,
                Eps = 2.146707m, EpsTtm = 2.2218995030311835m, Bps = 23.0845557231179667m,
                DividendYield = 0.5980134452589843m, StockDerivatives = [],
            },
        ]);
        info[0].EpsTtm.ShouldBeExactly("26.2097750997138276");
        info[0].Bps.ShouldBeExactly("140.9780051897266427");
    }

    [Test]
    public async Task GetMarketMetricsAsync_calls_calc_index_and_decodes_the_example()
    {
        Stub.OnGet("/v1/market/calc-index", StubReply.Ok(ContractExamples.MarketMetrics));
        using var client = Stub.CreateClient();

        var metrics = await client.GetMarketMetricsAsync(["700.HK"], SymbolType.Stock);

        Stub.Single.ShouldBe("GET", "/v1/market/calc-index", ("symbols", "700.HK"), ("type", "stock"));
        metrics.ShouldMatch<IReadOnlyList<MarketMetrics>>(
        [
            new MarketMetrics
            {
                Symbol = "700.HK", LastPrice = 547.5m, Change = -4.5m, ChangeRate = -0.0082m, Volume = 16521084m, Turnover = 0.0018m,
                YearToDateChangeRate = -0.086m, TurnoverRate = 0.18m, TotalMarketValue = 4985729978437.5m, CapitalFlow = -277985600m,
                Amplitude = 0.0281m, VolumeRatio = 0.47m, PeTtmRatio = 20.89m, PbRatio = 3.88m, DividendRatioTtm = 0.83m,
                FiveDayChangeRate = 0.0906m, TenDayChangeRate = 0.0693m, HalfYearChangeRate = -0.1492m, FiveMinuteChangeRate = 0m,
            },
        ]);
        metrics[0].TotalMarketValue.ShouldBeExactly("4985729978437.5");
    }

    [Test]
    public async Task GetCapitalFlowAsync_sends_the_symbol_and_decodes_second_timestamps()
    {
        Stub.OnGet("/v1/market/capital-flow", StubReply.Ok(ContractExamples.CapitalFlow));
        using var client = Stub.CreateClient();

        var flow = await client.GetCapitalFlowAsync("700.HK");

        Stub.Single.ShouldBe("GET", "/v1/market/capital-flow", ("symbol", "700.HK"));
        flow.ShouldMatch(new CapitalFlow
        {
            Symbol = "700.HK",
            Timestamp = Sec(1773306211),
            IntradayFlow =
            [
                new CapitalFlowPoint { Timestamp = Sec(1773279000), Inflow = -12199.34m },
                new CapitalFlowPoint { Timestamp = Sec(1773279060), Inflow = -15137.59m },
            ],
            Distribution = new CapitalDistribution
            {
                Timestamp = Sec(1773303000),
                CapitalIn = new CapitalBreakdown { Large = 173056.31m, Medium = 164958.55m, Small = 83945.69m },
                CapitalOut = new CapitalBreakdown { Large = 179434.39m, Medium = 176045.91m, Small = 92979.74m },
            },
        });
        flow.Timestamp.Year.Should().Be(2026, "the example's timestamps are Unix seconds, not milliseconds");
    }

    [Test]
    public async Task GetConnectionsAsync_reads_string_and_number_ids_and_keeps_other_fields()
    {
        Stub.OnGet("/v1/connections", StubReply.Ok(ContractExamples.Connections));
        using var client = Stub.CreateClient();

        var connections = await client.GetConnectionsAsync();

        Stub.Single.ShouldBe("GET", "/v1/connections");
        connections.Select(c => c.Id).Should().Equal("conn-7a1f", "42");
        connections[0].AdditionalProperties.Should().NotBeNull();
        connections[0].AdditionalProperties!["ip"].GetString().Should().Be("203.0.113.7");
        connections[0].AdditionalProperties!["connected_at"].GetInt64().Should().Be(1773292807000);
        connections[0].AdditionalProperties!["subscriptions"].ValueKind.Should().Be(JsonValueKind.Number);
        connections[1].AdditionalProperties!["ip"].GetString().Should().Be("203.0.113.8");
    }

    [TestCase("""{"code":0,"message":"success"}""", TestName = "CloseConnectionAsync_deletes_the_connection_when_the_reply_has_no_data")]
    [TestCase("""{"code":0,"message":"success","data":null}""", TestName = "CloseConnectionAsync_deletes_the_connection_when_data_is_null")]
    [TestCase("""{"code":0,"message":"success","data":{"closed":true}}""", TestName = "CloseConnectionAsync_deletes_the_connection_when_the_reply_has_data")]
    public async Task CloseConnectionAsync_sends_a_DELETE_to_the_connection(string body)
    {
        Stub.On("DELETE", "/v1/connections/*", new StubReply(200, body));
        using var client = Stub.CreateClient();

        await client.CloseConnectionAsync("conn-7a1f");

        Stub.Single.ShouldBe("DELETE", "/v1/connections/conn-7a1f");
    }

    [TestCase(200, """{"code":0,"message":"success"}""", TestName = "CloseConnectionAsync_without_data_is_a_success_not_a_failure_caught_afterwards")]
    [TestCase(204, null, TestName = "CloseConnectionAsync_answered_204_is_a_success_not_a_failure_caught_afterwards")]
    public async Task CloseConnectionAsync_reads_a_reply_without_data_as_success(int status, string? body)
    {
        Stub.On("DELETE", "/v1/connections/*", new StubReply(status, body));
        using var logs = new LogCapture();
        using var client = Stub.CreateClient(o => o.LoggerFactory = logs.CreateFactory());

        await client.CloseConnectionAsync("conn-7a1f");

        Stub.Single.ShouldBe("DELETE", "/v1/connections/conn-7a1f");
        logs.Records.Should().NotContain(r => r.EventId == 1003, "a success is not logged as a failed request");
        logs.Records.Should().Contain(r => r.EventId == 1001 && r.Message.Contains("/v1/connections/conn-7a1f"), "the reply was received");
    }

    [Test]
    public async Task CloseConnectionAsync_surfaces_an_error_reply()
    {
        Stub.On("DELETE", "/v1/connections/*", StubReply.Error(404, 40404, "connection not found"));
        using var client = Stub.CreateClient();

        var act = () => client.CloseConnectionAsync("conn-gone");

        var ex = (await act.Should().ThrowExactlyAsync<InvalidRequestException>()).Which;
        ex.Code.Should().Be(ErrorCode.ResourceNotFound);
        ex.RequestPath.Should().Be("/v1/connections/conn-gone");
        Stub.Single.ShouldBe("DELETE", "/v1/connections/conn-gone");
    }

    [Test]
    public async Task CloseConnectionAsync_accepts_204_No_Content()
    {
        Stub.On("DELETE", "/v1/connections/*", new StubReply(204, null));
        using var client = Stub.CreateClient();

        await client.CloseConnectionAsync("conn-7a1f");

        Stub.Single.ShouldBe("DELETE", "/v1/connections/conn-7a1f");
    }

    [Test]
    public async Task A_client_over_a_base_address_with_a_path_keeps_that_path_prefix()
    {
        Stub.OnGet("/gateway/v1/market/ticker", StubReply.Ok(ContractExamples.Tickers));
        using var client = Stub.CreateClient(o => o.BaseAddress = new Uri(Stub.BaseAddress, "/gateway/"));

        await client.GetTickersAsync(["700.HK"]);

        Stub.Single.ShouldBe("GET", "/gateway/v1/market/ticker", ("symbols", "700.HK"));
    }
}
