using System.Net;
using MarketData.Client.Models;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MarketData.Client.Tests.Rest;

public sealed class SmokeTests
{
    [Test]
    public async Task Tickers_are_decoded_from_a_stub()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/v1/market/ticker").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBody("""{"code":0,"message":"success","data":[{"symbol":"AAPL.US","last_price":"260.81","timestamp":1773259201000}]}"""));
        using var client = new MarketDataClient(new MarketDataClientOptions { ApiKey = "k-123456", BaseAddress = new Uri(server.Url!) });

        var tickers = await client.GetTickersAsync(["AAPL.US"]);

        tickers.Should().ContainSingle().Which.LastPrice.Should().Be(260.81m);
        server.LogEntries.Should().ContainSingle().Which.RequestMessage!.Headers!["X-API-Key"].Should().Equal("k-123456");
    }
}
