using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// "Be lenient in what you accept" (contract README): absent or null optional fields leave non-null defaults, values
/// the enums do not know stay readable, unknown fields are ignored, numbers may come as numbers or strings, all without
/// precision loss. Required fields (symbol, prices, timestamps) are not optional: see <see cref="RequiredFieldTests"/>.
/// </summary>
public sealed class ModelLeniencyTests : StubFixture
{
    [Test]
    public async Task Absent_optional_fields_leave_non_null_defaults()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok("""[{"symbol":"X","last_price":"1","timestamp":1773292807000}]"""));
        Stub.OnGet("/v1/market/kline", StubReply.Ok("""{"symbol":"X"}"""));
        Stub.OnGet("/v1/market/depth", StubReply.Ok("""{"symbol":"X","timestamp":1}"""));
        Stub.OnGet("/v1/market/stock-info", StubReply.Ok("""[{"symbol":"X"}]"""));
        Stub.OnGet("/v1/market/trading-sessions", StubReply.Ok("""[{"market":"US","trading_sessions":[{"begin_time":930,"end_time":1600}]}]"""));
        Stub.OnGet("/v1/market/trade-days", StubReply.Ok("""{"market":"US"}"""));
        Stub.OnGet("/v1/market/capital-flow", StubReply.Ok("""{"symbol":"X","timestamp":1}"""));
        Stub.OnGet("/v1/symbols/available", StubReply.Ok("""{"summary":{}}"""));
        Stub.OnGet("/v1/connections", StubReply.Ok("[{}]"));
        using var client = Stub.CreateClient();

        var ticker = (await client.GetTickersAsync(["X"]))[0];
        ticker.Name.Should().BeNull();
        ticker.BidPrice.Should().BeNull();
        var series = await client.GetKlinesAsync("X", KlineInterval.OneDay);
        series.Type.Should().BeNull();
        series.Klines.Should().BeEmpty();
        var book = await client.GetDepthAsync("X");
        book.Bids.Should().BeEmpty();
        book.Asks.Should().BeEmpty();
        var info = (await client.GetStockInfoAsync(["X"]))[0];
        info.NameEn.Should().BeNull();
        info.StockDerivatives.Should().BeEmpty();
        info.LotSize.Should().BeNull();
        (await client.GetTradingSessionsAsync(Market.US))[0].Sessions[0].Session.Should().Be(TradeSession.Regular);
        var days = await client.GetTradeDaysAsync(Market.US, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2));
        days.Days.Should().BeEmpty();
        days.HalfDays.Should().BeEmpty();
        var flow = await client.GetCapitalFlowAsync("X");
        flow.IntradayFlow.Should().BeEmpty();
        flow.Distribution.Should().BeNull();
        var page = await client.GetAvailableSymbolsAsync();
        page.Products.Should().BeEmpty();
        page.Summary!.ByMarket.Should().BeEmpty();
        page.Summary.ByType.Should().BeEmpty();
        page.Pagination.Should().BeNull();
        var connection = (await client.GetConnectionsAsync())[0];
        connection.Id.Should().BeEmpty();
        connection.AdditionalProperties.Should().BeEmpty();
    }

    [Test]
    public async Task Explicit_nulls_of_optional_fields_leave_non_null_defaults()
    {
        Stub.OnGet("/v1/market/kline", StubReply.Ok("""{"symbol":"X","klines":null,"type":null}"""));
        Stub.OnGet("/v1/market/depth", StubReply.Ok("""{"symbol":"X","timestamp":1,"bids":null,"asks":null}"""));
        Stub.OnGet("/v1/market/trades", StubReply.Ok("""{"symbol":"X","trades":null}"""));
        using var client = Stub.CreateClient();

        var series = await client.GetKlinesAsync("X", KlineInterval.OneDay);
        series.Symbol.Should().Be("X");
        series.Klines.Should().BeEmpty();
        series.Type.Should().BeNull();
        var book = await client.GetDepthAsync("X");
        book.Bids.Should().BeEmpty();
        (await client.GetTradesAsync("X")).Trades.Should().BeEmpty();
    }

    [Test]
    public async Task Values_the_enums_do_not_know_stay_readable()
    {
        Stub.OnGet("/v1/market/kline", StubReply.Ok("""{"symbol":"X","type":"bond","interval":"2d","klines":[]}"""));
        Stub.OnGet("/v1/market/trades", StubReply.Ok("""
            {"symbol":"X","trades":[
              {"id":7,"price":"1","quantity":"1","side":"dark_pool","timestamp":1,"position_effect":"spread_open"},
              {"id":"8","price":"1","quantity":"1","side":"SELL","timestamp":1}]}
            """));
        Stub.OnGet("/v1/market/trading-sessions", StubReply.Ok("""[{"market":"JP","trading_sessions":[{"begin_time":900,"end_time":1130,"trade_session":7}]}]"""));
        using var client = Stub.CreateClient();

        var series = await client.GetKlinesAsync("X", KlineInterval.OneDay);
        series.Type!.Value.Value.Should().Be("bond");
        series.Type.Value.IsKnown.Should().BeFalse();
        series.Interval.Value.Should().Be("2d");
        series.Interval.IsKnown.Should().BeFalse();
        var trades = (await client.GetTradesAsync("X")).Trades;
        trades[0].Id.Should().Be("7");
        trades[0].Side.Value.Should().Be("dark_pool");
        trades[0].Side.IsKnown.Should().BeFalse();
        trades[0].PositionEffect!.Value.Value.Should().Be("spread_open");
        trades[1].Side.Should().Be(TradeSide.Sell, "enum values are matched ignoring case");
        trades[1].PositionEffect.Should().BeNull();
        trades[1].OpenInterestChange.Should().BeNull();
        var sessions = await client.GetTradingSessionsAsync(Market.US);
        sessions[0].Market.Value.Should().Be("JP");
        sessions[0].Sessions[0].Session.Value.Should().Be("7");
        sessions[0].Sessions[0].Session.IsKnown.Should().BeFalse();
    }

    [Test]
    public async Task Unknown_fields_are_ignored_at_every_level()
    {
        Stub.OnGet("/v1/market/ticker", new StubReply(200, """
            {"code":0,"message":"success","trace_id":"abc","meta":{"a":[1,{"b":null}]},
             "data":[{"symbol":"AAPL.US","last_price":"1.5","timestamp":1773292807000,"new_field":{"deep":[1,2,3]},"flag":true}],
             "after":"data"}
            """));
        using var client = Stub.CreateClient();

        var tickers = await client.GetTickersAsync(["AAPL.US"]);

        tickers.Should().ContainSingle().Which.LastPrice.Should().Be(1.5m);
    }

    [Test]
    public async Task Numbers_come_as_numbers_or_strings_without_precision_loss()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok("""
            [{"symbol":"A","last_price":260.81,"bid_price":"0.1234567890123456789012345678","ask_price":0.1234567890123456789012345678,
              "volume_24h":"1.5E+3","high_24h":" 12.50 ","low_24h":"","price_change_24h":"-","timestamp":"1773292807000"},
             {"symbol":"B","last_price":"79228162514264337593543950335","timestamp":1773292807}]
            """));
        using var client = Stub.CreateClient();

        var tickers = await client.GetTickersAsync(["A", "B"]);

        tickers[0].LastPrice.ShouldBeExactly("260.81");
        tickers[0].BidPrice.ShouldBeExactly("0.1234567890123456789012345678");
        tickers[0].AskPrice.ShouldBeExactly("0.1234567890123456789012345678");
        tickers[0].Volume24h.Should().Be(1500m);
        tickers[0].High24h.ShouldBeExactly("12.50");
        tickers[0].Low24h.Should().BeNull("an empty string is no value");
        tickers[0].PriceChange24h.Should().BeNull("a dash is no value");
        tickers[0].Timestamp.Should().Be(ModelAssertions.Ms(1773292807000));
        tickers[1].LastPrice.Should().Be(decimal.MaxValue);
        tickers[1].Timestamp.Should().Be(ModelAssertions.Sec(1773292807), "a ten-digit timestamp is in seconds");
        ModelAssertions.AllTimestampsAreUtc(tickers);
    }

    [Test]
    public async Task Integers_may_come_as_strings_and_price_levels_may_carry_extra_elements()
    {
        Stub.OnGet("/v1/market/stock-info", StubReply.Ok("""[{"symbol":"X","lot_size":"100","total_shares":"9106356125","stock_derivatives":["1",2]}]"""));
        Stub.OnGet("/v1/market/depth", StubReply.Ok("""{"symbol":"X","timestamp":1,"bids":[["626",19700,3]],"asks":[[626.5,"36100","x",{"k":1}]]}"""));
        using var client = Stub.CreateClient();

        var info = (await client.GetStockInfoAsync(["X"]))[0];
        var book = await client.GetDepthAsync("X");

        info.LotSize.Should().Be(100);
        info.TotalShares.Should().Be(9106356125);
        info.StockDerivatives.Should().Equal(1, 2);
        book.Bids.Should().Equal(new PriceLevel(626m, 19700m));
        book.Asks.Should().Equal(new PriceLevel(626.5m, 36100m));
    }

    [Test]
    public async Task Walkers_survive_pages_without_items()
    {
        Stub.OnGet("/v1/market/kline", StubReply.Ok("""{"symbol":"X"}"""));
        Stub.OnGet("/v1/symbols/available", StubReply.Ok("""{"products":null}"""));
        using var client = Stub.CreateClient();
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var bars = await client.GetKlineHistoryAsync("X", KlineInterval.OneHour, from, from.AddHours(1500)).ToListAsync();
        var symbols = await client.ListAvailableSymbolsAsync().ToListAsync();

        bars.Should().BeEmpty();
        symbols.Should().BeEmpty();
        Stub.Received.Should().HaveCount(3, "two kline windows and one page");
    }
}
