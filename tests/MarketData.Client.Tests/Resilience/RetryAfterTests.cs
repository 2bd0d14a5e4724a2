using MarketData.Client.Resilience;
using System.Globalization;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Resilience;

/// <summary>
/// Retry-After is honoured on every retried reply, not only on 3001: 3005, 5001/5002/5003 and a 503 or 429 without a code
/// (a proxy's HTML page) wait what the server asked (plus the margin), never less; a value too large to read fails at once,
/// a negative one is ignored. Fake clock: the test advances time exactly to the edge and counts what the stub received.
/// </summary>
public sealed class RetryAfterTests : RetryFixture
{
    private const string ProxyPage = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";

    private static IEnumerable<TestCaseData> RetriedReplies()
    {
        var date = (FakeClock.Epoch + TimeSpan.FromSeconds(2)).ToString("r", CultureInfo.InvariantCulture);
        (string Name, int Status, string? Code)[] replies =
        [
            ("3005", 429, "3005"), ("5001", 503, "5001"), ("5002", 503, "5002"), ("5003", 503, "5003"), ("HTML 503", 503, null), ("HTML 429", 429, null),
        ];
        foreach (var (name, status, code) in replies)
        {
            yield return new TestCaseData(status, code, "2").SetName($"{name} with Retry-After 2 (seconds) waits 2 s");
            yield return new TestCaseData(status, code, date).SetName($"{name} with Retry-After as a date 2 s ahead waits 2 s");
        }
    }

    [TestCaseSource(nameof(RetriedReplies))]
    public async Task A_retried_reply_waits_its_Retry_After_plus_the_margin_never_less(int status, string? code, string retryAfter)
    {
        Stub.OnGet(Path, Reply(status, code).RetryAfter(retryAfter), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        var wait = await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(2) + Margin);

        Clock.Advance(TimeSpan.FromSeconds(2) + Margin - TimeSpan.FromMilliseconds(1));
        wait.Fired.Should().BeFalse("the retry must not come before Retry-After (plus the margin)");
        Stub.Received.Should().HaveCount(1);
        call.IsCompleted.Should().BeFalse();

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        (await call.WaitAsync(Guard)).Should().HaveCount(2);
        Stub.Received.Should().HaveCount(2);
        Stub.Received[1].ArrivedAt.Should().Be(FakeClock.Epoch + TimeSpan.FromSeconds(2) + Margin);
        RetryWaits().Should().Equal(TimeSpan.FromSeconds(2) + Margin);
    }

    [TestCase(503, "5001", typeof(DataSourceUnavailableException), TestName = "A 5001 with Retry-After longer than MaxRetryAfter fails at once")]
    [TestCase(429, "3005", typeof(RateLimitingException), TestName = "A 3005 with Retry-After longer than MaxRetryAfter fails at once")]
    [TestCase(503, null, typeof(MarketDataServiceException), TestName = "An HTML 503 with Retry-After longer than MaxRetryAfter fails at once")]
    public async Task A_Retry_After_beyond_MaxRetryAfter_fails_at_once_with_the_typed_exception(int status, string? code, Type expected)
    {
        Stub.OnGet(Path, Reply(status, code).RetryAfter("120"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        var ex = (await act.Should().ThrowAsync<MarketDataException>()).Which;
        ex.GetType().Should().Be(expected);
        ex.Details.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        Stub.Received.Should().HaveCount(1);
        RetryWaits().Should().BeEmpty();
    }

    [TestCase("99999999999999999999", TestName = "An overflowing Retry-After counts as longer than MaxRetryAfter")]
    [TestCase("1e999", TestName = "A Retry-After beyond double range counts as longer than MaxRetryAfter")]
    public async Task An_overflowing_Retry_After_fails_at_once_without_a_retry(string retryAfter)
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001).RetryAfter(retryAfter), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        var ex = (await act.Should().ThrowExactlyAsync<DataSourceUnavailableException>()).Which;
        ex.Details.RetryAfter.Should().BeGreaterThan(new MarketDataResilienceOptions().MaxRetryAfter);
        Stub.Received.Should().HaveCount(1, "the server asked for a wait longer than the SDK will make");
        RetryWaits().Should().BeEmpty();
        Clock.Elapsed.Should().Be(TimeSpan.Zero);
    }

    [TestCase("-5", TestName = "A negative Retry-After is ignored: backoff")]
    [TestCase("-99999999999999999999", TestName = "A hugely negative Retry-After is ignored: backoff")]
    public async Task A_negative_Retry_After_counts_as_absent(string retryAfter)
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001).RetryAfter(retryAfter), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await call.WaitAsync(Guard);

        RetryWaits().Should().Equal(TimeSpan.FromMilliseconds(500));
        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task A_Retry_After_beyond_what_is_left_of_the_total_timeout_fails_at_once_on_a_503_too()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5002).RetryAfter("15"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient(o => o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10));

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        (await act.Should().ThrowExactlyAsync<ServiceUnavailableException>()).Which.Details.RetryAfter.Should().Be(TimeSpan.FromSeconds(15));
        Stub.Received.Should().HaveCount(1);
        Clock.Timers.Should().NotContain(t => t.DueTime == TimeSpan.FromSeconds(15) + Margin, "a wait that outlasts the call is not started");
    }

    [TestCase(401)]
    [TestCase(403)]
    public async Task An_HTML_authentication_refusal_is_not_retried(int status)
    {
        Stub.OnGet(Path, new StubReply(status, "<html><body>Forbidden</body></html>", "text/html").RetryAfter("1"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        (await act.Should().ThrowAsync<MarketDataAuthenticationException>()).Which.IsTransient.Should().BeFalse();
        Stub.Received.Should().HaveCount(1);
    }

    private static StubReply Reply(int status, string? code) =>
        code is null ? new StubReply(status, ProxyPage, "text/html") : StubReply.Error(status, long.Parse(code, CultureInfo.InvariantCulture), "later");
}
