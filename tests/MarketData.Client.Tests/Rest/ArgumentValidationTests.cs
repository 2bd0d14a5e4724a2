using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Rest;

/// <summary>Invalid arguments throw <see cref="ArgumentException"/> naming the parameter, and no request leaves the client.</summary>
public sealed class ArgumentValidationTests : StubFixture
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);
    private static readonly string[] FiftyOne = [.. Enumerable.Range(0, 51).Select(i => $"S{i}.US")];

    public sealed record Case(string Name, Func<IMarketDataClient, Task> Call, string ParamName, Type ExceptionType)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        var arg = typeof(ArgumentException);
        var range = typeof(ArgumentOutOfRangeException);
        var nul = typeof(ArgumentNullException);
        Case[] cases =
        [
            new("tickers: no symbols", c => c.GetTickersAsync([]), "symbols", arg),
            new("tickers: 51 symbols", c => c.GetTickersAsync(FiftyOne), "symbols", arg),
            new("tickers: null list", c => c.GetTickersAsync(null!), "symbols", nul),
            new("tickers: a null symbol", c => c.GetTickersAsync(["AAPL.US", null!]), "symbols", nul),
            new("tickers: a blank symbol", c => c.GetTickersAsync(["AAPL.US", "  "]), "symbols", arg),
            new("tickers: a symbol with a comma", c => c.GetTickersAsync(["AAPL.US,700.HK"]), "symbols", arg),
            new("klines: blank symbol", c => c.GetKlinesAsync(" ", KlineInterval.OneHour), "symbol", arg),
            new("klines: empty symbol", c => c.GetKlinesAsync(string.Empty, KlineInterval.OneHour), "symbol", arg),
            new("klines: null symbol", c => c.GetKlinesAsync(null!, KlineInterval.OneHour), "symbol", nul),
            new("klines: no interval", c => c.GetKlinesAsync("AAPL.US", default), "interval", arg),
            new("klines: limit 0", c => c.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, limit: 0), "limit", range),
            new("klines: limit 1001", c => c.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, limit: 1001), "limit", range),
            new("klines: limit -5", c => c.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, limit: -5), "limit", range),
            new("klines: start after end", c => c.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, start: Now, end: Now.AddTicks(-1)), "start", arg),
            new("klines: 3m (only kline/latest has it)", c => c.GetKlinesAsync("AAPL.US", KlineInterval.ThreeMinutes), "interval", arg),
            new("kline history: 3m (only kline/latest has it)", c => c.GetKlineHistoryAsync("AAPL.US", KlineInterval.ThreeMinutes, Now, Now.AddHours(1)).ToListAsync().AsTask(), "interval", arg),
            new("intraday: futures", c => c.GetIntradayAsync(["BU2609"], SymbolType.Futures), "type", arg),
            new("stock info: futures", c => c.GetStockInfoAsync(["BU2609"], SymbolType.Futures), "type", arg),
            new("market metrics: futures", c => c.GetMarketMetricsAsync(["BU2609"], SymbolType.Futures), "type", arg),
            new("capital flow: futures", c => c.GetCapitalFlowAsync("BU2609", SymbolType.Futures), "type", arg),
            new("capital flow: futures spelt in capitals", c => c.GetCapitalFlowAsync("BU2609", SymbolType.Parse("FUTURES")), "type", arg),
            new("trading sessions: GLOBAL", c => c.GetTradingSessionsAsync(Market.Global), "market", arg),
            new("trade days: GLOBAL", c => c.GetTradeDaysAsync(Market.Global, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 2)), "market", arg),
            new("klines: start before 1970", c => c.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, start: new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero)), "start", range),
            new("kline history: from after to", c => c.GetKlineHistoryAsync("AAPL.US", KlineInterval.OneHour, Now, Now.AddMinutes(-1)).ToListAsync().AsTask(), "from", arg),
            new("kline history: blank symbol", c => c.GetKlineHistoryAsync("", KlineInterval.OneHour, Now, Now).ToListAsync().AsTask(), "symbol", arg),
            new("kline history: interval of unknown length", c => c.GetKlineHistoryAsync("AAPL.US", new KlineInterval("tick"), Now, Now.AddDays(1)).ToListAsync().AsTask(), "interval", arg),
            new("latest klines: no symbols", c => c.GetLatestKlinesAsync([], KlineInterval.OneDay), "symbols", arg),
            new("latest klines: no interval", c => c.GetLatestKlinesAsync(["AAPL.US"], default), "interval", arg),
            new("depth: blank symbol", c => c.GetDepthAsync("\t"), "symbol", arg),
            new("depth: limit 0", c => c.GetDepthAsync("700.HK", limit: 0), "limit", range),
            new("depth: limit 51", c => c.GetDepthAsync("700.HK", limit: 51), "limit", range),
            new("trades: blank symbol", c => c.GetTradesAsync(""), "symbol", arg),
            new("trades: limit 1001", c => c.GetTradesAsync("700.HK", limit: 1001), "limit", range),
            new("trades: limit 0", c => c.GetTradesAsync("700.HK", limit: 0), "limit", range),
            new("symbols: limit 0", c => c.GetAvailableSymbolsAsync(limit: 0), "limit", range),
            new("symbols: limit 1001", c => c.GetAvailableSymbolsAsync(limit: 1001), "limit", range),
            new("symbols: negative offset", c => c.GetAvailableSymbolsAsync(offset: -1), "offset", range),
            new("symbol listing: page size 0", c => c.ListAvailableSymbolsAsync(pageSize: 0).ToListAsync().AsTask(), "pageSize", range),
            new("symbol listing: page size 1001", c => c.ListAvailableSymbolsAsync(pageSize: 1001).ToListAsync().AsTask(), "pageSize", range),
            new("intraday: no symbols", c => c.GetIntradayAsync([]), "symbols", arg),
            new("intraday: 51 symbols", c => c.GetIntradayAsync(FiftyOne), "symbols", arg),
            new("trading sessions: no market", c => c.GetTradingSessionsAsync(default), "market", arg),
            new("trade days: no market", c => c.GetTradeDaysAsync(default, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 2)), "market", arg),
            new("trade days: from after to", c => c.GetTradeDaysAsync(Market.US, new DateOnly(2026, 2, 2), new DateOnly(2026, 2, 1)), "from", arg),
            new("stock info: no symbols", c => c.GetStockInfoAsync([]), "symbols", arg),
            new("stock info: 51 symbols", c => c.GetStockInfoAsync(FiftyOne), "symbols", arg),
            new("market metrics: no symbols", c => c.GetMarketMetricsAsync([]), "symbols", arg),
            new("market metrics: 51 symbols", c => c.GetMarketMetricsAsync(FiftyOne), "symbols", arg),
            new("capital flow: null symbol", c => c.GetCapitalFlowAsync(null!), "symbol", nul),
            new("capital flow: blank symbol", c => c.GetCapitalFlowAsync(" "), "symbol", arg),
            new("close connection: null id", c => c.CloseConnectionAsync(null!), "connectionId", nul),
            new("close connection: blank id", c => c.CloseConnectionAsync("  "), "connectionId", arg),
            new("close connection: id '..'", c => c.CloseConnectionAsync(".."), "connectionId", arg),
            new("close connection: id '.'", c => c.CloseConnectionAsync("."), "connectionId", arg),
            new("close connection: id ' .. '", c => c.CloseConnectionAsync(" .. "), "connectionId", arg),
        ];
        return cases.Select(c => new TestCaseData(c).SetName("Invalid argument sends nothing: " + c.Name));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task An_invalid_argument_throws_before_any_request(Case c)
    {
        Stub.On("GET", "/*", StubReply.Ok("{}"));
        using var client = Stub.CreateClient();

        Func<Task> act;
        try
        {
            // Validation is synchronous: it throws from the call itself, before a task exists.
            var task = c.Call(client);
            act = () => task;
        }
        catch (Exception e)
        {
            act = () => Task.FromException(e);
        }

        var ex = (await act.Should().ThrowAsync<ArgumentException>()).Which;
        ex.Should().BeOfType(c.ExceptionType);
        ex.ParamName.Should().Be(c.ParamName);
        Stub.Received.Should().BeEmpty("nothing is sent for an invalid argument");
    }

    [Test]
    public async Task Fifty_symbols_is_the_limit_and_is_allowed()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok("[]"));
        using var client = Stub.CreateClient();

        await client.GetTickersAsync(FiftyOne[..50]);

        Stub.Single.Query["symbols"].Split(',').Should().HaveCount(50);
    }

    [Test]
    public async Task Latest_klines_take_more_than_fifty_symbols_and_3m_because_the_contract_allows_both()
    {
        Stub.OnGet("/v1/market/kline/latest", StubReply.Ok(ContractExamples.LatestKlines));
        using var client = Stub.CreateClient();

        await client.GetLatestKlinesAsync(FiftyOne, KlineInterval.ThreeMinutes);

        Stub.Single.Query["symbols"].Split(',').Should().HaveCount(51);
        Stub.Single.Query["interval"].Should().Be("3m");
    }

    [Test]
    public async Task The_values_the_contract_lists_for_each_endpoint_are_sent()
    {
        Stub.On("GET", "/*", StubReply.Ok("[]"));
        using var client = Stub.CreateClient();

        await client.GetIntradayAsync(["EURUSD"], SymbolType.Forex);
        await client.GetTradingSessionsAsync(Market.CN);
        await client.GetTickersAsync(["BU2609"], SymbolType.Futures);

        Stub.Received.Select(r => r.Query.TryGetValue("type", out var t) ? t : r.Query["market"]).Should().Equal("forex", "CN", "futures");
    }

    [Test]
    public async Task Symbols_are_trimmed_before_sending()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok("[]"));
        using var client = Stub.CreateClient();

        await client.GetTickersAsync([" AAPL.US ", "700.HK\t"]);

        Stub.Single.Query["symbols"].Should().Be("AAPL.US,700.HK");
    }

    [TestCase(1)]
    [TestCase(1000)]
    public async Task Limits_at_the_edges_of_the_range_are_allowed(int limit)
    {
        Stub.OnGet("/v1/market/kline", StubReply.Ok(ContractExamples.Klines));
        using var client = Stub.CreateClient();

        await client.GetKlinesAsync("700.HK", KlineInterval.OneHour, limit: limit);

        Stub.Single.Query["limit"].Should().Be(limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task A_disposed_client_refuses_calls_without_sending()
    {
        var client = Stub.CreateClient();
        client.Dispose();

        var act = () => client.GetKlineIntervalsAsync();

        await act.Should().ThrowAsync<ObjectDisposedException>();
        Stub.Received.Should().BeEmpty();
    }
}
