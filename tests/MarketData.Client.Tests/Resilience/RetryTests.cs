using System.Globalization;
using MarketData.Client.Models;
using MarketData.Client.Tests.Errors;
using MarketData.Client.Tests.Infrastructure;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace MarketData.Client.Tests.Resilience;

/// <summary>
/// The REST retry pipeline against a loopback stub, on a fake clock: every wait is a timer on <see cref="FakeClock"/>,
/// the test waits until the wait is scheduled, advances fake time exactly through it, and counts what the stub received.
/// Backoff jitter is off unless a test is about jitter, so each delay is known: 0.5 s, 1 s, 2 s, ...
/// </summary>
public sealed class RetryTests : RetryFixture
{

    [Test]
    public async Task Retry_After_2_waits_2_seconds_plus_the_margin_then_succeeds()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001, "slow down").RetryAfter("2"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        var wait = await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(2) + Margin);

        Clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        wait.Fired.Should().BeFalse("the retry must not come before Retry-After");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        wait.Fired.Should().BeFalse("the margin keeps the retry from landing exactly on the edge");
        call.IsCompleted.Should().BeFalse();
        Stub.Received.Should().HaveCount(1);

        Clock.Advance(Margin);
        wait.Fired.Should().BeTrue();
        var tickers = await call.WaitAsync(Guard);

        tickers.Should().HaveCount(2);
        Stub.Received.Should().HaveCount(2);
        Stub.Received[1].ArrivedAt.Should().Be(FakeClock.Epoch + TimeSpan.FromSeconds(2) + Margin);
        RetryWaits().Should().Equal(TimeSpan.FromSeconds(2) + Margin);
    }

    [Test]
    public async Task Retry_After_as_an_HTTP_date_waits_until_that_date()
    {
        var date = (FakeClock.Epoch + TimeSpan.FromSeconds(3)).ToString("r", CultureInfo.InvariantCulture);
        Stub.OnGet(Path, StubReply.Error(429, 3001).RetryAfter(date), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        var wait = await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(3) + Margin);
        await call.WaitAsync(Guard);

        wait.CreatedAt.Should().Be(FakeClock.Epoch);
        Stub.Received.Should().HaveCount(2);
        Stub.Received[1].ArrivedAt.Should().Be(FakeClock.Epoch + TimeSpan.FromSeconds(3) + Margin);
    }

    [Test]
    public async Task A_429_without_a_body_code_honours_Retry_After_too()
    {
        Stub.OnGet(Path, new StubReply(429, null).RetryAfter("1"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(1) + Margin);
        await call.WaitAsync(Guard);

        Stub.Received.Should().HaveCount(2);
    }

    [TestCase("1.5", 1500, TestName = "A fractional Retry-After is honoured")]
    [TestCase("0", 0, TestName = "Retry-After 0 waits only the margin")]
    [TestCase("Thu, 01 Jan 2026 00:00:00 GMT", 0, TestName = "A Retry-After date in the past waits only the margin")]
    [TestCase("soon", 500, TestName = "An unreadable Retry-After falls back to backoff")]
    public async Task Retry_After_variants_set_the_wait(string header, int waitMs)
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001).RetryAfter(header), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();
        var expected = header == "soon" ? TimeSpan.FromMilliseconds(waitMs) : TimeSpan.FromMilliseconds(waitMs) + Margin;

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(expected);
        await call.WaitAsync(Guard);

        RetryWaits().Should().Equal(expected);
        Stub.Received.Should().HaveCount(2);
    }

    [TestCase(429, 2001, typeof(InvalidParametersException), TestName = "A 429 whose body says 2001 is not retried")]
    [TestCase(503, 2002, typeof(SymbolNotFoundException), TestName = "A 503 whose body says 2002 is not retried")]
    [TestCase(500, 1001, typeof(InvalidApiKeyException), TestName = "A 500 whose body says 1001 is not retried")]
    public async Task The_body_code_decides_over_the_status(int status, int code, Type expected)
    {
        Stub.OnGet(Path, StubReply.Error(status, code), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        (await act.Should().ThrowAsync<MarketDataException>()).Which.GetType().Should().Be(expected);
        Stub.Received.Should().HaveCount(1);
    }

    [Test]
    public async Task Retry_After_120_fails_at_once_with_RetryAfter_and_one_request()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001, "slow down").RetryAfter("120"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        var ex = (await act.Should().ThrowExactlyAsync<RateLimitExceededException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        Stub.Received.Should().HaveCount(1);
        Clock.Elapsed.Should().Be(TimeSpan.Zero, "nothing waited");
        RetryWaits().Should().BeEmpty();
    }

    [Test]
    public async Task Retry_After_beyond_what_is_left_of_the_total_timeout_fails_at_once_with_the_rate_limit_not_a_timeout()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001).RetryAfter("15"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient(o => o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10));

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        var ex = (await act.Should().ThrowExactlyAsync<RateLimitExceededException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(15));
        Stub.Received.Should().HaveCount(1);
        RetryWaits().Should().BeEmpty();
    }

    [Test]
    public async Task Rate_limits_that_keep_coming_end_in_RateLimitExceededException_after_all_retries()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001).RetryAfter("1"));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        for (var i = 0; i < 3; i++)
        {
            await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(1) + Margin);
        }

        var act = () => call.WaitAsync(Guard);
        (await act.Should().ThrowExactlyAsync<RateLimitExceededException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        Stub.Received.Should().HaveCount(4);
    }

    [Test]
    public async Task A_3001_without_Retry_After_backs_off_exponentially()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await call.WaitAsync(Guard);

        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task Codes_5001_5001_then_success_take_three_requests_with_growing_backoff()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001), StubReply.Error(503, 5001), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(1));
        var tickers = await call.WaitAsync(Guard);

        tickers.Should().HaveCount(2);
        Stub.Received.Select(r => r.ArrivedAt - FakeClock.Epoch).Should().Equal(TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500));
    }

    [Test]
    public async Task Code_5000_four_times_gives_InternalServerErrorException_after_four_requests()
    {
        Stub.OnGet(Path, StubReply.Error(500, 5000, "boom"));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(1));
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(2));

        var act = () => call.WaitAsync(Guard);
        (await act.Should().ThrowExactlyAsync<InternalServerErrorException>()).Which.ServerMessage.Should().Be("boom");
        Stub.Received.Should().HaveCount(4);
        RetryWaits().Should().Equal(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Test]
    public async Task A_200_that_carries_5001_is_retried_like_a_503()
    {
        Stub.OnGet(Path, StubReply.Error(200, 5001), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await call.WaitAsync(Guard);

        Stub.Received.Should().HaveCount(2);
    }

    private static IEnumerable<TestCaseData> NeverRetried() =>
        ErrorContract.All.Where(r => !r.Retried).Select(r => new TestCaseData(r).SetName($"Code {r.Code} is never retried"));

    [TestCaseSource(nameof(NeverRetried))]
    public async Task A_code_that_is_not_transient_is_sent_exactly_once(ErrorContract.Row row)
    {
        Stub.OnGet(Path, new StubReply(row.Status, Envelope.Error(row.IsNumeric ? row.Code : Envelope.Quote(row.Code), "no")), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        (await act.Should().ThrowAsync<MarketDataException>()).Which.GetType().Should().Be(row.ExceptionType);
        Stub.Received.Should().HaveCount(1);
        RetryWaits().Should().BeEmpty();
    }

    private static IEnumerable<TestCaseData> Retried() =>
        ErrorContract.All.Where(r => r.Retried).Select(r => new TestCaseData(r).SetName($"Code {r.Code} is retried"));

    [TestCaseSource(nameof(Retried))]
    public async Task A_transient_code_is_retried(ErrorContract.Row row)
    {
        Stub.OnGet(Path, new StubReply(row.Status, Envelope.Error(row.Code, "later")), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await call.WaitAsync(Guard);

        Stub.Received.Should().HaveCount(2);
    }

    [TestCase(502, "<html>502 Bad Gateway</html>", TestName = "An HTML 502 is retried")]
    [TestCase(503, null, TestName = "An empty 503 is retried")]
    [TestCase(500, "{\"code\":0,\"data\":[", TestName = "A cut-off 500 is retried")]
    public async Task Server_failures_without_a_body_code_are_retried(int status, string? body)
    {
        Stub.OnGet(Path, new StubReply(status, body, "text/html"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await call.WaitAsync(Guard);

        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task A_dropped_connection_is_retried()
    {
        var body = Envelope.Success(ContractExamples.Tickers);
        Stub.ReplyRaw(i => i == 0
            ? null
            : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");
        using var client = CreateClient();

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        var tickers = await call.WaitAsync(Guard);

        tickers.Should().HaveCount(2);
        Stub.Requests.Should().Be(2);
    }

    [Test]
    public async Task A_per_attempt_timeout_is_retried_then_ends_in_MarketDataTimeoutException()
    {
        Stub.OnGet(Path, StubReply.Held);
        using var client = CreateClient(o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(3);
        });

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Stub.WaitForRequestsAsync(1);
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(3));
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await Stub.WaitForRequestsAsync(2);
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(3));

        var act = () => call.WaitAsync(Guard);
        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTimeoutException>()).Which;
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(3));
        ex.IsTransient.Should().BeTrue();
        ex.InnerException.Should().BeOfType<TimeoutRejectedException>("the per-attempt timeout is Polly's timeout strategy")
            .Which.Timeout.Should().Be(TimeSpan.FromSeconds(3));
        Stub.Received.Should().HaveCount(2);
        Stub.Received[1].ArrivedAt.Should().Be(FakeClock.Epoch + TimeSpan.FromSeconds(3.5));
    }

    [Test]
    public async Task The_total_timeout_ends_the_call_with_MarketDataTimeoutException()
    {
        Stub.OnGet(Path, StubReply.Held);
        using var client = CreateClient(o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(3);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);
        });

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Stub.WaitForRequestsAsync(1);
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(3));
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await Stub.WaitForRequestsAsync(2);
        Clock.Advance(TimeSpan.FromSeconds(1.5));

        var act = () => call.WaitAsync(Guard);
        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTimeoutException>()).Which;
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        ex.InnerException.Should().BeOfType<TimeoutRejectedException>("the total timeout is Polly's timeout strategy")
            .Which.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task A_timeout_of_the_apps_own_pipeline_is_not_taken_for_the_SDKs_total_timeout()
    {
        Stub.OnGet(Path, StubReply.Held);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = Clock }
            .AddTimeout(TimeSpan.FromSeconds(2))
            .Build();
        using var client = CreateClient(o => o.Resilience.Pipeline = pipeline);

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Stub.WaitForRequestsAsync(1);
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(2));

        var act = () => call.WaitAsync(Guard);
        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        ex.InnerException.Should().BeOfType<TimeoutRejectedException>();
        Stub.Received.Should().HaveCount(1);
    }

    [Test]
    public async Task A_backoff_that_would_outlast_the_total_timeout_ends_the_call_with_the_last_error_at_once()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001));
        using var client = CreateClient(o => o.Resilience.TotalTimeout = TimeSpan.FromSeconds(2));

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(1));

        var act = () => call.WaitAsync(Guard);
        await act.Should().ThrowExactlyAsync<DataSourceUnavailableException>();
        Stub.Received.Should().HaveCount(3);
        Clock.Elapsed.Should().Be(TimeSpan.FromSeconds(1.5), "the 2 s backoff was not started");
    }

    [Test]
    public async Task Caller_cancellation_during_a_backoff_wait_throws_OperationCanceledException_at_once()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();
        using var cts = new CancellationTokenSource();

        var call = client.GetTickersAsync(["AAPL.US"], cancellationToken: cts.Token);
        var wait = await Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(500));
        await cts.CancelAsync();

        var act = () => call.WaitAsync(Guard);
        await act.Should().ThrowAsync<OperationCanceledException>();
        wait.Fired.Should().BeFalse();
        Clock.Elapsed.Should().Be(TimeSpan.Zero);
        Stub.Received.Should().HaveCount(1);
    }

    [Test]
    public async Task Caller_cancellation_during_a_Retry_After_wait_throws_OperationCanceledException_at_once()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001).RetryAfter("20"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();
        using var cts = new CancellationTokenSource();

        var call = client.GetTickersAsync(["AAPL.US"], cancellationToken: cts.Token);
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(20) + Margin);
        await cts.CancelAsync();

        var act = () => call.WaitAsync(Guard);
        await act.Should().ThrowAsync<OperationCanceledException>();
        Stub.Received.Should().HaveCount(1);
    }

    [Test]
    public async Task Caller_cancellation_during_a_request_throws_OperationCanceledException()
    {
        Stub.OnGet(Path, StubReply.Held);
        using var client = CreateClient();
        using var cts = new CancellationTokenSource();

        var call = client.GetTickersAsync(["AAPL.US"], cancellationToken: cts.Token);
        await Stub.WaitForRequestsAsync(1);
        await cts.CancelAsync();

        var act = () => call.WaitAsync(Guard);
        await act.Should().ThrowAsync<OperationCanceledException>();
        Stub.Received.Should().HaveCount(1);
    }

    [Test]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient();

        var act = () => client.GetTickersAsync(["AAPL.US"], cancellationToken: new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        Stub.Received.Should().BeEmpty();
    }

    [Test]
    public async Task With_resilience_disabled_a_transient_error_is_sent_once()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient(o => o.Resilience.Enabled = false);

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        await act.Should().ThrowExactlyAsync<DataSourceUnavailableException>();
        Stub.Received.Should().HaveCount(1);
    }

    [Test]
    public async Task With_zero_retries_a_transient_error_is_sent_once()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001).RetryAfter("1"), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient(o => o.Resilience.MaxRetries = 0);

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        await act.Should().ThrowExactlyAsync<RateLimitExceededException>();
        Stub.Received.Should().HaveCount(1);
    }

    [Test]
    public async Task Backoff_is_capped_at_MaxDelay()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5002));
        using var client = CreateClient(o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(4);
            o.Resilience.MaxDelay = TimeSpan.FromSeconds(5);
        });

        var call = client.GetTickersAsync(["AAPL.US"]);
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(4));
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(5));
        await Clock.AdvanceThroughAsync(TimeSpan.FromSeconds(5));

        var act = () => call.WaitAsync(Guard);
        await act.Should().ThrowExactlyAsync<ServiceUnavailableException>();
        RetryWaits().Should().Equal(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task Jittered_backoff_stays_within_the_bounds_of_Pollys_exponential_jitter()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001), StubReply.Error(503, 5001), StubReply.Ok(ContractExamples.Tickers));
        using var client = CreateClient(o => o.Resilience.UseJitter = true);

        var call = client.GetTickersAsync(["AAPL.US"]);
        var first = await Clock.WaitForTimerAsync(d => d < TimeSpan.FromSeconds(3));
        Clock.Advance(first.DueTime);
        var second = await Clock.WaitForTimerAsync(d => d < TimeSpan.FromSeconds(3));
        Clock.Advance(second.DueTime);
        await call.WaitAsync(Guard);

        var baseDelay = TimeSpan.FromMilliseconds(500);
        first.DueTime.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(PollyJitter.Cumulative(1, baseDelay).Max);
        var (min, max) = PollyJitter.Cumulative(2, baseDelay);
        (first.DueTime + second.DueTime).Should().BeGreaterThanOrEqualTo(min).And.BeLessThanOrEqualTo(max);
        Stub.Received.Should().HaveCount(3);
    }

    [Test]
    public async Task Jittered_backoff_never_exceeds_MaxDelay()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001));
        using var client = CreateClient(o =>
        {
            o.Resilience.UseJitter = true;
            o.Resilience.MaxRetries = 20;
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = Timeout.InfiniteTimeSpan;
        });

        var call = client.GetTickersAsync(["AAPL.US"]);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var wait = await Clock.WaitForTimerAsync(d => d < TimeSpan.FromSeconds(10)); // not the 10 s per-attempt timeout
            waits.Add(wait.DueTime);
            Clock.Advance(wait.DueTime);
        }

        var act = () => call.WaitAsync(Guard);
        await act.Should().ThrowExactlyAsync<DataSourceUnavailableException>();
        Stub.Received.Should().HaveCount(21);
        waits.Should().OnlyContain(w => w > TimeSpan.Zero && w <= TimeSpan.FromSeconds(1), "the cap holds after jitter, so no client waits longer than MaxDelay");
    }

    [Test]
    public async Task A_custom_pipeline_replaces_the_default_one()
    {
        Stub.OnGet(Path, StubReply.Error(400, 2001));
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<MarketDataException>() })
            .Build();
        using var client = CreateClient(o => o.Resilience.Pipeline = pipeline);

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);

        await act.Should().ThrowExactlyAsync<InvalidParametersException>();
        Stub.Received.Should().HaveCount(6, "the app's pipeline retries what the SDK never would");
    }

    [Test]
    public async Task A_custom_pipeline_rejection_reaches_the_caller_as_a_typed_exception_not_a_Polly_one()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001));
        var pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                BreakDuration = TimeSpan.FromMinutes(1),
                ShouldHandle = new PredicateBuilder().Handle<MarketDataException>(),
            })
            .Build();
        using var client = CreateClient(o => o.Resilience.Pipeline = pipeline);

        for (var i = 0; i < 2; i++)
        {
            var failing = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);
            await failing.Should().ThrowExactlyAsync<DataSourceUnavailableException>();
        }

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(Guard);
        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        ex.InnerException.Should().BeOfType<BrokenCircuitException>();
        ex.RequestPath.Should().Be(Path);
        Stub.Received.Should().HaveCount(2, "the open circuit sent nothing");
    }

    [Test]
    public async Task DELETE_is_retried_like_a_GET()
    {
        Stub.On("DELETE", "/v1/connections/*", StubReply.Error(503, 5001), new StubReply(200, """{"code":0,"message":"success"}"""));
        using var client = CreateClient();

        var call = client.CloseConnectionAsync("conn-1");
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await call.WaitAsync(Guard);

        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task The_walkers_retry_each_page()
    {
        Stub.OnGet("/v1/symbols/available", StubReply.Error(503, 5001), StubReply.Ok("""{"products":[{"symbol":"A.US"}],"pagination":{"total":1}}"""));
        using var client = CreateClient();

        var call = client.ListAvailableSymbolsAsync().ToListAsync().AsTask();
        await Clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        var symbols = await call.WaitAsync(Guard);

        symbols.Should().ContainSingle().Which.Symbol.Should().Be("A.US");
        Stub.Received.Should().HaveCount(2);
    }
}
