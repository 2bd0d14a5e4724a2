using System.Net;
using MarketData.Client.Models;
using MarketData.Client.Testing;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Simulator;

/// <summary>Scripted faults reach the real client as the right typed exceptions, after the right number of attempts.</summary>
public sealed class SimulatorFaultTests
{
    private const string Ticker = "/v1/market/ticker";

    [Test]
    public async Task A_rate_limit_wait_is_honoured_then_the_call_succeeds()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        var clock = new FakeClock(SimulatorKit.FrozenNow);
        using var client = SimulatorKit.Client(sim, o => o.TimeProvider = clock);
        sim.Faults.RateLimit(retryAfter: TimeSpan.FromSeconds(2), times: 1);

        var call = client.GetTickersAsync(["AAPL.US"]);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(2) + client.Options.Resilience.RetryAfterMargin);

        call.IsCompleted.Should().BeFalse("the client waits the announced 2 s");
        sim.RequestCount(Ticker).Should().Be(1);
        clock.Advance(TimeSpan.FromSeconds(2) + client.Options.Resilience.RetryAfterMargin);
        var tickers = await call.WaitAsync(SimulatorKit.Guard);

        tickers.Should().ContainSingle().Which.Symbol.Should().Be("AAPL.US");
        sim.RequestCount(Ticker).Should().Be(2);
        sim.ReceivedRequests.Select(r => r.StatusCode).Should().Equal(429, 200);
    }

    [Test]
    public async Task Without_retries_a_rate_limit_surfaces_with_its_retry_after()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim, o => o.Resilience.MaxRetries = 0);
        sim.Faults.RateLimit(TimeSpan.FromSeconds(1.5));

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var error = (await act.Should().ThrowAsync<RateLimitExceededException>()).Which;
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(1.5), "fractional seconds are sent as such");
        error.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        error.Recommendation.Should().NotBeNullOrEmpty();
        error.IsTransient.Should().BeTrue();
    }

    [Test]
    public async Task Service_errors_are_retried_until_the_fault_is_used_up()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = ImmediateRetries(sim);
        sim.Faults.ServiceError(5001, times: 2);

        var tickers = await client.GetTickersAsync(["700.HK"]);

        tickers.Should().ContainSingle();
        sim.RequestCount(Ticker).Should().Be(3);
        sim.Faults.Pending.Should().Be(0);
    }

    [Test]
    public async Task A_persistent_service_error_fails_after_the_retry_budget()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = ImmediateRetries(sim, maxRetries: 2);
        sim.Faults.ServiceError(5002, times: 10);

        var act = () => client.GetTickersAsync(["700.HK"]);

        var error = (await act.Should().ThrowAsync<ServiceUnavailableException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        sim.RequestCount(Ticker).Should().Be(3, "one attempt and two retries");
        sim.Faults.Pending.Should().Be(7);
    }

    [TestCaseSource(nameof(ServiceCodes))]
    public async Task Every_code_of_the_error_table_becomes_its_typed_exception(ErrorCode code)
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = ImmediateRetries(sim);
        var row = MarketDataErrors.Describe(code);
        sim.Faults.ErrorCode(code, times: 5);

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var error = (await act.Should().ThrowAsync<MarketDataException>()).Which;
        error.GetType().Should().Be(row.ExceptionType);
        error.Code.Should().Be(code);
        error.RawCode.Should().Be(row.WireCode);
        ((int?)error.StatusCode).Should().Be((int?)row.HttpStatus ?? 400);
        sim.RequestCount(Ticker).Should().Be(row.IsTransient ? 4 : 1, "transient codes are retried (3 retries), the others never");
    }

    [Test]
    public async Task An_ambiguous_symbol_carries_the_available_types()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim);
        sim.Faults.ErrorCode(ErrorCode.AmbiguousSymbol);

        var act = () => client.GetKlinesAsync("000001.SH", KlineInterval.OneDay);

        (await act.Should().ThrowAsync<AmbiguousSymbolException>()).Which.AvailableTypes.Should().Equal(SymbolType.Stock, SymbolType.Indices);
    }

    [Test]
    public async Task Instruments_sharing_a_symbol_are_ambiguous_without_a_type()
    {
        var index = new SimulatedInstrument { Symbol = "000001.SH", Type = SymbolType.Indices, Market = Market.CN, BasePrice = 3300m, Name = "SSE Composite" };
        var stock = index with { Type = SymbolType.Stock, BasePrice = 10m, Name = "Listed share" };
        await using var sim = await SimulatorKit.StartFrozenAsync(o => o.Instruments = [index, stock]);
        using var client = SimulatorKit.Client(sim);

        var act = () => client.GetTickersAsync(["000001.SH"]);
        var typed = await client.GetTickersAsync(["000001.SH"], SymbolType.Indices);

        (await act.Should().ThrowAsync<AmbiguousSymbolException>()).Which.AvailableTypes.Should().Equal(SymbolType.Indices, SymbolType.Stock);
        typed.Should().ContainSingle().Which.Type.Should().Be(SymbolType.Indices);
    }

    [Test]
    public async Task A_code_in_neither_table_is_kept_verbatim()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim);
        sim.Faults.RawError("7777", 418, "teapot");

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var error = (await act.Should().ThrowAsync<InvalidRequestException>()).Which;
        error.Code.Should().Be(ErrorCode.Unknown);
        error.RawCode.Should().Be("7777");
        error.ServerMessage.Should().Be("teapot");
    }

    [Test]
    public async Task A_cut_off_body_is_a_typed_transport_error_not_a_json_exception()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim, o => o.Resilience.MaxRetries = 0);
        sim.Faults.MalformedBody();

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        (await act.Should().ThrowAsync<MarketDataTransportException>()).Which.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_proxy_error_page_is_a_typed_service_error()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim, o => o.Resilience.MaxRetries = 0);
        sim.Faults.HtmlErrorPage(502);

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var error = (await act.Should().ThrowAsync<MarketDataException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        error.IsTransient.Should().BeTrue();
        error.Should().NotBeOfType<MarketDataTimeoutException>();
    }

    [Test]
    public async Task Faults_scoped_to_a_path_leave_other_paths_alone_and_apply_in_order()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim, o => o.Resilience.MaxRetries = 0);
        sim.Faults.ErrorCode(ErrorCode.SymbolNotFound, path: "/v1/market/depth").ErrorCode(ErrorCode.QuotaExhausted, path: "/v1/market/depth");

        var tickers = await client.GetTickersAsync(["AAPL.US"]);
        var first = () => client.GetDepthAsync("AAPL.US");
        var second = () => client.GetDepthAsync("AAPL.US");

        tickers.Should().ContainSingle();
        await first.Should().ThrowAsync<SymbolNotFoundException>();
        await second.Should().ThrowAsync<QuotaExhaustedException>();
        (await client.GetDepthAsync("AAPL.US")).Bids.Should().NotBeEmpty();
    }

    [Test]
    public async Task Latency_makes_the_client_time_out_on_its_own_clock()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        var clock = new FakeClock(SimulatorKit.FrozenNow);
        using var client = SimulatorKit.Client(sim, o =>
        {
            o.TimeProvider = clock;
            o.Resilience.MaxRetries = 0;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(3);
        });
        sim.Faults.Latency(TimeSpan.FromMinutes(5));

        var call = client.GetTickersAsync(["AAPL.US"]);
        await sim.WaitForRequestCountAsync(Ticker, 1).WaitAsync(SimulatorKit.Guard);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        clock.Advance(TimeSpan.FromSeconds(3));

        var error = (await call.Awaiting(c => c.WaitAsync(SimulatorKit.Guard)).Should().ThrowAsync<MarketDataTimeoutException>()).Which;
        error.Code.Should().Be(ErrorCode.Timeout);
    }

    [Test]
    public async Task Latency_is_measured_on_the_simulators_clock()
    {
        var simClock = new FakeClock(SimulatorKit.FrozenNow);
        await using var sim = await SimulatorKit.StartFrozenAsync(simClock);
        using var client = SimulatorKit.Client(sim);
        sim.Faults.Latency(TimeSpan.FromSeconds(4), times: 1);

        var call = client.GetTickersAsync(["AAPL.US"]);
        await simClock.WaitForTimerAsync(TimeSpan.FromSeconds(4));
        call.IsCompleted.Should().BeFalse();
        simClock.Advance(TimeSpan.FromSeconds(4));

        (await call.WaitAsync(SimulatorKit.Guard)).Single().Timestamp.Should().Be(SimulatorKit.FrozenNow.AddSeconds(4));
        (await client.GetTickersAsync(["AAPL.US"])).Should().ContainSingle("the latency was for one request only");
    }

    [Test]
    public async Task Clear_removes_pending_faults()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim, o => o.Resilience.MaxRetries = 0);
        sim.Faults.ServiceError(times: 3).RejectUpgrade(401).SubscribeError(ErrorCode.DepthSubscriptionUnavailable);
        sim.Faults.Pending.Should().Be(5);

        sim.Faults.Clear();

        sim.Faults.Pending.Should().Be(0);
        (await client.GetTickersAsync(["AAPL.US"])).Should().ContainSingle();
    }

    [Test]
    public async Task Faults_and_options_reject_nonsense_arguments()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();

        sim.Faults.Invoking(f => f.RateLimit(TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
        sim.Faults.Invoking(f => f.ServiceError(2001)).Should().Throw<ArgumentOutOfRangeException>();
        sim.Faults.Invoking(f => f.ErrorCode(ErrorCode.Timeout)).Should().Throw<ArgumentException>("the SDK raises timeouts itself");
        sim.Faults.Invoking(f => f.ServiceError(times: 0)).Should().Throw<ArgumentOutOfRangeException>();
        sim.Faults.Invoking(f => f.MalformedBody(path: "v1/market/ticker")).Should().Throw<ArgumentException>();
        sim.Faults.Invoking(f => f.RejectUpgrade(200)).Should().Throw<ArgumentOutOfRangeException>();
        sim.Faults.Pending.Should().Be(0);
        await FluentActions.Awaiting(() => MarketDataSimulator.StartAsync(new MarketDataSimulatorOptions { ApiKey = "has space" }))
            .Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => MarketDataSimulator.StartAsync(new MarketDataSimulatorOptions { Instruments = [] }))
            .Should().ThrowAsync<ArgumentException>();
    }

    private static readonly ErrorCode[] ServiceCodes = MarketDataErrors.All
        .Where(r => r.WireCode.Length > 0 && r.Code != ErrorCode.Success)
        .Select(r => r.Code)
        .ToArray();

    private static MarketDataClient ImmediateRetries(MarketDataSimulator sim, int maxRetries = 3) =>
        SimulatorKit.Client(sim, o =>
        {
            o.Resilience.MaxRetries = maxRetries;
            o.Resilience.BaseDelay = TimeSpan.Zero;
            o.Resilience.MaxDelay = TimeSpan.Zero;
        });
}
