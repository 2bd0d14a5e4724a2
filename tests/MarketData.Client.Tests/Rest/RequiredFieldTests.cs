using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// A required field of the contract (each model's symbol or market, its prices, its timestamps) missing or null, or a
/// null list element, is a malformed reply naming the field, never a model of defaults (empty symbol, price 0, year 1).
/// </summary>
public sealed class RequiredFieldTests : StubFixture
{
    public sealed record Case(string Path, string Data, Func<IMarketDataClient, Task> Call, string Field)
    {
        public override string ToString() => Field;
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        Func<IMarketDataClient, Task> tickers = c => c.GetTickersAsync(["X"]);
        Func<IMarketDataClient, Task> klines = c => c.GetKlinesAsync("X", KlineInterval.OneHour);
        Func<IMarketDataClient, Task> latest = c => c.GetLatestKlinesAsync(["X"], KlineInterval.OneHour);
        Func<IMarketDataClient, Task> depth = c => c.GetDepthAsync("X");
        Func<IMarketDataClient, Task> trades = c => c.GetTradesAsync("X");
        Func<IMarketDataClient, Task> symbols = c => c.GetAvailableSymbolsAsync();
        Func<IMarketDataClient, Task> intraday = c => c.GetIntradayAsync(["X"]);
        Func<IMarketDataClient, Task> sessions = c => c.GetTradingSessionsAsync(Market.US);
        Func<IMarketDataClient, Task> days = c => c.GetTradeDaysAsync(Market.US, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 2));
        Func<IMarketDataClient, Task> info = c => c.GetStockInfoAsync(["X"]);
        Func<IMarketDataClient, Task> metrics = c => c.GetMarketMetricsAsync(["X"]);
        Func<IMarketDataClient, Task> flow = c => c.GetCapitalFlowAsync("X");
        Func<IMarketDataClient, Task> connections = c => c.GetConnectionsAsync();
        Case[] cases =
        [
            new("/v1/market/ticker", """[{"volume_24h":"1"}]""", tickers, "data[0].symbol"),
            new("/v1/market/ticker", "[null]", tickers, "data[0]"),
            new("/v1/market/ticker", """[{"symbol":"A","last_price":"1","timestamp":1},{"symbol":" ","last_price":"1","timestamp":1}]""", tickers, "data[1].symbol"),
            new("/v1/market/ticker", """[{"symbol":null,"last_price":"1","timestamp":1}]""", tickers, "data[0].symbol"),
            new("/v1/market/ticker", """[{"symbol":"A","timestamp":1773292807000}]""", tickers, "data[0].last_price"),
            new("/v1/market/ticker", """[{"symbol":"A","last_price":null,"timestamp":1773292807000}]""", tickers, "data[0].last_price"),
            new("/v1/market/ticker", """[{"symbol":"A","last_price":"1"}]""", tickers, "data[0].timestamp"),
            new("/v1/market/ticker", """[{"symbol":"A","last_price":"1","timestamp":null}]""", tickers, "data[0].timestamp"),
            new("/v1/market/kline", """{"klines":[]}""", klines, "data.symbol"),
            new("/v1/market/kline", """{"symbol":"X","klines":[null]}""", klines, "data.klines[0]"),
            new("/v1/market/kline", """{"symbol":"X","klines":[{"time":1,"open":"1","high":"1","low":"1","volume":"1"}]}""", klines, "data.klines[0].close"),
            new("/v1/market/kline/latest", """[{"symbol":"X","klines":[{"open":"1","high":"1","low":"1","close":"1"}]}]""", latest, "data[0].klines[0].time"),
            new("/v1/market/depth", """{"symbol":"X","bids":[]}""", depth, "data.timestamp"),
            new("/v1/market/trades", """{"symbol":"X","trades":[{"quantity":"1","timestamp":1}]}""", trades, "data.trades[0].price"),
            new("/v1/market/trades", """{"symbol":"X","trades":[{"price":"1","quantity":"1"}]}""", trades, "data.trades[0].timestamp"),
            new("/v1/symbols/available", """{"products":[{"name":"x"}]}""", symbols, "data.products[0].symbol"),
            new("/v1/symbols/available", """{"products":[null]}""", symbols, "data.products[0]"),
            new("/v1/market/intraday", """[{"symbol":"X","lines":[{"timestamp":1}]}]""", intraday, "data[0].lines[0].price"),
            new("/v1/market/trading-sessions", """[{"trading_sessions":[]}]""", sessions, "data[0].market"),
            new("/v1/market/trading-sessions", """[{"market":"US","trading_sessions":[{"begin_time":930}]}]""", sessions, "data[0].trading_sessions[0].end_time"),
            new("/v1/market/trade-days", """{"trade_days":["20260202"]}""", days, "data.market"),
            new("/v1/market/stock-info", """[{"name_en":"x"}]""", info, "data[0].symbol"),
            new("/v1/market/calc-index", """[{"last_done":"1"}]""", metrics, "data[0].symbol"),
            new("/v1/market/capital-flow", """{"symbol":"X"}""", flow, "data.timestamp"),
            new("/v1/market/capital-flow", """{"symbol":"X","timestamp":1,"intraday_flow":[{"timestamp":1}]}""", flow, "data.intraday_flow[0].inflow"),
            new("/v1/market/capital-flow", """{"symbol":"X","timestamp":1,"distribution":{"capital_in":{}}}""", flow, "data.distribution.timestamp"),
            new("/v1/connections", "[null]", connections, "data[0]"),
        ];
        return cases.Select(c => new TestCaseData(c).SetName($"{c.Path} without {c.Field} is malformed: {c.Data}"));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task A_missing_required_field_is_a_malformed_reply_naming_it(Case c)
    {
        Stub.OnGet(c.Path, StubReply.Ok(c.Data));
        using var client = Stub.CreateClient(o => o.Resilience.Enabled = false);

        var act = () => c.Call(client);

        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        ex.Code.Should().Be(ErrorCode.MalformedResponse);
        ex.IsTransient.Should().BeFalse();
        ex.Message.Should().Contain(c.Field + " ");
        ex.Details.BodyExcerpt.Should().Contain("\"data\"", "the excerpt shows what arrived");
    }

    [Test]
    public async Task The_excerpt_of_a_reply_missing_a_field_stays_redacted()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok($$"""[{"name":"{{SentinelKey.Value}}","last_price":"1","timestamp":1}]"""));
        using var client = Stub.CreateClient();

        var act = () => client.GetTickersAsync(["X"]);

        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        ex.Message.Should().Contain("data[0].symbol");
        SentinelKey.Leaks(ex.ToString()).Should().BeFalse();
        SentinelKey.Leaks(ex.Details.BodyExcerpt).Should().BeFalse();
        Stub.Received.Should().HaveCount(1, "a malformed reply is not retried");
    }

    [Test]
    public async Task Every_documented_example_still_decodes_with_its_required_fields()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok(ContractExamples.Tickers));
        Stub.OnGet("/v1/market/trading-sessions", StubReply.Ok(ContractExamples.TradingSessions));
        Stub.OnGet("/v1/market/capital-flow", StubReply.Ok(ContractExamples.CapitalFlow));
        using var client = Stub.CreateClient();

        var tickers = await client.GetTickersAsync(["700.HK", "AAPL.US"]);
        var sessions = await client.GetTradingSessionsAsync(Market.US);
        var flow = await client.GetCapitalFlowAsync("700.HK");

        tickers.Select(t => t.Symbol).Should().Equal("700.HK", "AAPL.US");
        tickers[0].LastPrice.Should().Be(543m);
        sessions[0].Sessions.Select(s => (s.BeginTime, s.EndTime)).Should().Equal((400, 930), (930, 1600), (1600, 2000));
        flow.IntradayFlow.Should().OnlyContain(p => p.Timestamp != default);
    }
}
