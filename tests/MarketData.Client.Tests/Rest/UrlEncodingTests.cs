using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// Hostile argument values cannot change the path or add query parameters: the stub receives exactly the expected
/// path and parameter names, and each value decodes back to what the caller passed.
/// </summary>
public sealed class UrlEncodingTests : StubFixture
{
    private static readonly string[] Hostile =
    [
        "A&B=1", "X/Y", "Q?z=1", "H#frag", "P%20Q", "100%", "S p", "株式.T", "ÄÖÜ.DE", "a+b", "../../admin", "..\\x", "x;y", "🙂.US", "k=v&api_key=stolen",
    ];

    [TestCaseSource(nameof(Hostile))]
    public async Task A_symbol_in_a_list_stays_one_value_of_one_parameter(string symbol)
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Ok("[]"));
        using var client = Stub.CreateClient();

        await client.GetTickersAsync([symbol, "AAPL.US"]);

        Stub.Single.ShouldBe("GET", "/v1/market/ticker", ("symbols", symbol + ",AAPL.US"));
    }

    [TestCaseSource(nameof(Hostile))]
    public async Task A_single_symbol_stays_the_value_of_its_parameter(string symbol)
    {
        Stub.OnGet("/v1/market/depth", StubReply.Ok(ContractExamples.Depth));
        using var client = Stub.CreateClient();

        await client.GetDepthAsync(symbol, limit: 5);

        Stub.Single.ShouldBe("GET", "/v1/market/depth", ("symbol", symbol), ("limit", "5"));
    }

    [TestCaseSource(nameof(Hostile))]
    public async Task Enum_values_the_SDK_does_not_know_are_escaped_too(string value)
    {
        Stub.OnGet("/v1/market/kline", StubReply.Ok(ContractExamples.Klines));
        using var client = Stub.CreateClient();

        await client.GetKlinesAsync("700.HK", new KlineInterval(value), type: new SymbolType(value));

        Stub.Single.ShouldBe("GET", "/v1/market/kline", ("symbol", "700.HK"), ("interval", value), ("type", value));
    }

    [TestCaseSource(nameof(Hostile))]
    public async Task A_market_the_SDK_does_not_know_is_escaped(string value)
    {
        Stub.OnGet("/v1/market/trading-sessions", StubReply.Ok("[]"));
        using var client = Stub.CreateClient();

        await client.GetTradingSessionsAsync(new Market(value));

        Stub.Single.ShouldBe("GET", "/v1/market/trading-sessions", ("market", value));
    }

    [TestCaseSource(nameof(Hostile))]
    public async Task A_connection_id_stays_one_path_segment(string id)
    {
        Stub.On("DELETE", "/v1/connections/*", new StubReply(200, """{"code":0,"message":"success"}"""));
        using var client = Stub.CreateClient();

        await client.CloseConnectionAsync(id);

        var request = Stub.Single;
        request.Segments.Should().Equal("v1", "connections", id);
        request.RawQuery.Should().BeEmpty();
        request.ApiKeys.Should().Equal(SentinelKey.Value);
    }
}
