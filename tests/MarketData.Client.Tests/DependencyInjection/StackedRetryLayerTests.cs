using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Tests.DependencyInjection;

/// <summary>
/// The SDK retries on its own; an app that also adds AddStandardResilienceHandler to the SDK's HttpClient multiplies the
/// attempts (4 × 4 = 16 for one call). The SDK finds such a handler in its chain and logs one Warning (event 1004),
/// once per container, unless its own retries are off.
/// </summary>
public sealed class StackedRetryLayerTests : StubFixture
{
    private const string Path = "/v1/market/ticker";

    [TestCase(false, TestName = "AddStandardResilienceHandler on the SDK's client is reported once")]
    [TestCase(true, TestName = "AddStandardResilienceHandler in ConfigureHttpClientDefaults is reported once")]
    public async Task Another_retry_layer_in_the_chain_is_reported_once_at_Warning(bool asDefault)
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        var logs = new LogCapture();
        var services = Services(logs);
        var builder = services.AddMarketDataClient(Configure);
        if (asDefault)
        {
            services.ConfigureHttpClientDefaults(d => d.AddStandardResilienceHandler());
        }
        else
        {
            builder.AddStandardResilienceHandler();
        }

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);
        await provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        var warning = Stacked(logs).Should().ContainSingle().Subject;
        warning.Should().StartWith("msg Warning MarketData.Client:").And.Contain("Microsoft.Extensions.Http.Resilience").And.Contain("4 attempts");
    }

    [Test]
    public async Task Two_retry_layers_multiply_the_attempts_of_one_call_which_is_what_the_warning_is_about()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001, "down"));
        var services = Services(new LogCapture());
        services.AddMarketDataClient(o =>
        {
            Configure(o);
            o.Resilience.BaseDelay = TimeSpan.Zero;
        }).AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        await act.Should().ThrowExactlyAsync<DataSourceUnavailableException>();
        Stub.Received.Should().HaveCount(16, "4 SDK attempts, each retried 3 times by the standard handler");
    }

    [Test]
    public async Task Without_another_retry_layer_nothing_is_reported()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        var logs = new LogCapture();
        var services = Services(logs);
        services.AddMarketDataClient(Configure);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        logs.Messages.Should().NotBeEmpty();
        Stacked(logs).Should().BeEmpty();
    }

    [Test]
    public async Task With_the_SDKs_retries_off_the_other_layer_is_the_only_one_and_nothing_is_reported()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        var logs = new LogCapture();
        var services = Services(logs);
        services.AddMarketDataClient(o =>
        {
            Configure(o);
            o.Resilience.Enabled = false;
        }).AddStandardResilienceHandler();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        Stacked(logs).Should().BeEmpty();
    }

    private static ServiceCollection Services(LogCapture logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        return services;
    }

    private static IEnumerable<string> Stacked(LogCapture logs) => logs.Messages.Where(m => m.Contains("own retry layer", StringComparison.Ordinal));

    private void Configure(MarketDataClientOptions o)
    {
        o.ApiKey = SentinelKey.Value;
        o.BaseAddress = Stub.BaseAddress;
    }
}
