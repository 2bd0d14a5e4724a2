using System.Net;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Errors;

/// <summary>
/// ERRORS.md: with no parsable body the HTTP status decides. A proxy's HTML page (or a cut-off body) under 429, 401/403 or
/// 5xx becomes the same type as an empty reply with that status, keeps a short excerpt of the body, and is retried or not
/// by that type.
/// </summary>
public sealed class StatusFallbackTests : StubFixture
{
    private const string Path = "/v1/market/ticker";

    [TestCase(429, typeof(RateLimitExceededException), true)]
    [TestCase(401, typeof(MarketDataAuthenticationException), false)]
    [TestCase(403, typeof(MarketDataAuthenticationException), false)]
    [TestCase(500, typeof(MarketDataServiceException), true)]
    [TestCase(502, typeof(MarketDataServiceException), true)]
    [TestCase(503, typeof(MarketDataServiceException), true)]
    [TestCase(504, typeof(MarketDataServiceException), true)]
    [TestCase(404, typeof(InvalidRequestException), false)]
    public async Task An_HTML_error_page_is_classified_by_its_status_and_keeps_the_excerpt(int status, Type expected, bool transient)
    {
        var page = $"<html><head><title>{status} from the proxy</title></head><body>nginx</body></html>";
        Stub.OnGet(Path, new StubReply(status, page, "text/html"));
        using var client = Stub.CreateClient(o => o.Resilience.Enabled = false);

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var ex = (await act.Should().ThrowAsync<MarketDataException>()).Which;
        ex.GetType().Should().Be(expected);
        ex.StatusCode.Should().Be((HttpStatusCode)status);
        ex.RawCode.Should().BeEmpty();
        ex.IsTransient.Should().Be(transient);
        ex.Details.BodyExcerpt.Should().Contain($"{status} from the proxy");
        ex.Message.Should().Contain($"HTTP {status}").And.Contain("from the proxy");
        Stub.Received.Should().ContainSingle();
    }

    [Test]
    public async Task An_HTML_429_carries_its_Retry_After()
    {
        Stub.OnGet(Path, new StubReply(429, "<html>Too Many Requests</html>", "text/html").RetryAfter("7"));
        using var client = Stub.CreateClient(o => o.Resilience.Enabled = false);

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var ex = (await act.Should().ThrowExactlyAsync<RateLimitExceededException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        ex.Details.BodyExcerpt.Should().Contain("Too Many Requests");
    }

    [Test]
    public async Task An_HTML_503_is_retried_and_succeeds()
    {
        Stub.OnGet(Path, new StubReply(503, "<html>down</html>", "text/html"), StubReply.Ok(ContractExamples.Tickers));
        using var client = Stub.CreateClient(o => o.Resilience.BaseDelay = TimeSpan.Zero);

        var tickers = await client.GetTickersAsync(["AAPL.US"]);

        tickers.Should().HaveCount(2);
        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task An_HTML_429_is_retried_and_succeeds()
    {
        Stub.OnGet(Path, new StubReply(429, "<html>slow down</html>", "text/html").RetryAfter("0"), StubReply.Ok(ContractExamples.Tickers));
        using var client = Stub.CreateClient(o => o.Resilience.RetryAfterMargin = TimeSpan.Zero);

        var tickers = await client.GetTickersAsync(["AAPL.US"]);

        tickers.Should().HaveCount(2);
        Stub.Received.Should().HaveCount(2);
    }
}
