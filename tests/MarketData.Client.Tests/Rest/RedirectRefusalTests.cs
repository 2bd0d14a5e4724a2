using System.Net;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// The service never redirects; a reply that does must not carry the X-API-Key header to the host it names (.NET strips
/// Authorization on a redirect, not custom headers). A second loopback server plays the other host: it must receive nothing,
/// and the caller gets a MarketDataTransportException naming the status and the other host, not its path or query.
/// </summary>
[Category("Security")]
public sealed class RedirectRefusalTests : StubFixture
{
    private const string Path = "/v1/market/ticker";
    private LoopbackServer _other = null!;

    [OneTimeSetUp]
    public async Task StartOtherHost() => _other = await LoopbackServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopOtherHost() => await _other.DisposeAsync();

    [SetUp]
    public void ResetOtherHost()
    {
        _other.Reset();
        _other.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
    }

    private string Target => _other.BaseAddress.GetLeftPart(UriPartial.Authority) + Path + "?symbols=AAPL.US&token=secret-query";

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(303)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task A_redirect_to_another_host_is_refused_and_the_other_host_receives_nothing(int status)
    {
        Stub.OnGet(Path, new StubReply(status, null).WithHeader("Location", Target));
        using var client = Stub.CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        AssertNamesStatusAndHostOnly(ex, status);
        _other.Received.Should().BeEmpty("the key must not follow the redirect");
        Stub.Received.Should().ContainSingle("a redirect is not transient: no retry");
        Stub.Single.ApiKeys.Should().Equal(SentinelKey.Value);
    }

    [Test]
    public async Task A_relative_redirect_is_refused_too()
    {
        Stub.OnGet(Path, new StubReply(302, null).WithHeader("Location", "/elsewhere?token=secret-query"));
        using var client = Stub.CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        ex.Message.Should().Contain(Stub.BaseAddress.Authority).And.NotContain("elsewhere").And.NotContain("secret-query");
        Stub.Received.Should().ContainSingle();
    }

    [Test]
    public async Task The_handler_AddMarketDataClient_creates_refuses_redirects()
    {
        Stub.OnGet(Path, new StubReply(302, null).WithHeader("Location", Target));
        var services = new ServiceCollection();
        services.AddMarketDataClient(o =>
        {
            o.ApiKey = SentinelKey.Value;
            o.BaseAddress = Stub.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        AssertNamesStatusAndHostOnly(ex, 302);
        _other.Received.Should().BeEmpty();
        Stub.Received.Should().ContainSingle();
    }

    private void AssertNamesStatusAndHostOnly(MarketDataTransportException ex, int status)
    {
        ex.StatusCode.Should().Be((HttpStatusCode)status);
        ex.Code.Should().Be(ErrorCode.TransportFailure);
        ex.IsTransient.Should().BeFalse();
        ex.Message.Should().Contain($"HTTP {status}").And.Contain(_other.BaseAddress.Authority);
        ex.ToString().Should().NotContain("secret-query").And.NotContain("symbols=");
        SentinelKey.Leaks(ex.ToString()).Should().BeFalse();
    }
}
