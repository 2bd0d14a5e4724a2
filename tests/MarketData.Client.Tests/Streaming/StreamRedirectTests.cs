using System.Net;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Streaming;

/// <summary>
/// An upgrade answered with a redirect is never followed (the URL carries <c>api_key</c>, and the new host would get the
/// upgrade): the stream closes with a MarketDataTransportException naming the status and the other host, not its query.
/// </summary>
[Category("Security")]
public sealed class StreamRedirectTests
{
    [TestCase(302)]
    [TestCase(307)]
    public async Task A_redirected_upgrade_is_refused_and_the_other_host_receives_nothing(int status)
    {
        await using var other = await LoopbackServer.StartAsync();
        await using var kit = await StreamTestKit.StartAsync();
        var target = other.BaseAddress.GetLeftPart(UriPartial.Authority) + "/v1/realtime?api_key=" + StreamTestKit.ApiKey + "&token=secret-query";
        kit.Server.OnUpgrade = _ => new StubReply(status, null).WithHeader("Location", target);

        var thrown = await kit.Stream.Invoking(s => s.ConnectAsync().Within()).Should().ThrowExactlyAsync<MarketDataTransportException>();

        var ex = thrown.Which;
        ex.StatusCode.Should().Be((HttpStatusCode)status);
        ex.IsTransient.Should().BeFalse();
        ex.Message.Should().Contain($"HTTP {status}").And.Contain(other.BaseAddress.Authority);
        ex.ToString().Should().NotContain("secret-query").And.NotContain(StreamTestKit.ApiKey);
        other.Received.Should().BeEmpty("the upgrade must not follow the redirect");
        kit.Stream.State.Should().Be(StreamState.Closed);
        kit.Server.UpgradeCount.Should().Be(1);
    }
}
