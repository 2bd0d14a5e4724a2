using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Rest;

/// <summary>One client shared by concurrent callers; a client over the caller's HttpClient leaves it to the caller.</summary>
public sealed class ClientLifetimeTests : StubFixture
{
    private const string Path = "/v1/market/ticker";

    [Test]
    public async Task One_client_serves_concurrent_calls()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        using var client = Stub.CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetTickersAsync([$"S{i}.US"]))).WaitAsync(TimeSpan.FromSeconds(10));

        results.Should().AllSatisfy(r => r.Should().HaveCount(2));
        Stub.Received.Select(r => r.Query["symbols"]).Should().BeEquivalentTo(Enumerable.Range(0, 40).Select(i => $"S{i}.US"));
        Stub.Received.Should().AllSatisfy(r => r.ApiKeys.Should().Equal(SentinelKey.Value));
    }

    [Test]
    public async Task A_client_over_the_callers_HttpClient_uses_the_options_address_and_leaves_the_HttpClient_open()
    {
        Stub.OnGet(Path, StubReply.Ok("[]"));
        using var http = new HttpClient { BaseAddress = new Uri("http://203.0.113.1:9/") };
        var client = new MarketDataClient(http, new MarketDataClientOptions { ApiKey = SentinelKey.Value, BaseAddress = Stub.BaseAddress });

        await client.GetTickersAsync(["AAPL.US"]);
        client.Dispose();
        using var after = await http.GetAsync(new Uri(Stub.BaseAddress, Path + "?symbols=X"));

        after.IsSuccessStatusCode.Should().BeTrue("disposing the client must not dispose the caller's HttpClient");
        Stub.Received.Should().HaveCount(2);
        Stub.Received[0].ApiKeys.Should().Equal(SentinelKey.Value);
        Stub.Received[1].ApiKeys.Should().BeEmpty("the key is per request, not a default header of the caller's client");
    }
}
