using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketData.Client.Tests.DependencyInjection;

/// <summary>
/// <c>AddMarketDataClient</c> in a real host: the typed client resolves, talks to the stub with X-API-Key, uses the
/// host's logger factory and clock, binds the "MarketData" configuration section and fails at start on invalid options.
/// </summary>
public sealed class AddMarketDataClientTests : StubFixture
{
    private const string Path = "/v1/market/ticker";

    [Test]
    public async Task The_options_overload_registers_a_typed_client_that_sends_the_key()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        var logs = new LogCapture();
        using var host = BuildHost(b => b.Services.AddMarketDataClient(o =>
        {
            o.ApiKey = SentinelKey.Value;
            o.BaseAddress = Stub.BaseAddress;
        }), logs);
        await host.StartAsync();

        var client = host.Services.GetRequiredService<IMarketDataClient>();
        var tickers = await client.GetTickersAsync(["700.HK", "AAPL.US"]);

        client.Should().BeOfType<MarketDataClient>();
        tickers.Should().HaveCount(2);
        Stub.Single.ShouldBe("GET", Path, ("symbols", "700.HK,AAPL.US"));
        logs.Messages.Should().Contain(m => m.Contains("Sending GET /v1/market/ticker", StringComparison.Ordinal), "the SDK logs through the host's logger factory");
        logs.Messages.Should().Contain(m => m.Contains("X-API-Key", StringComparison.OrdinalIgnoreCase), "IHttpClientFactory logs request headers at Trace, so the check below means something");
        logs.Entries.Where(SentinelKey.Leaks).Should().BeEmpty("neither the SDK nor IHttpClientFactory's handlers may log the key, even at Trace");
        await host.StopAsync();
    }

    [Test]
    public async Task The_key_stays_redacted_in_HttpClientFactory_logs_when_the_app_chooses_its_own_redacted_headers()
    {
        Stub.OnGet(Path, StubReply.Ok("[]"));
        var logs = new LogCapture();
        using var host = BuildHost(
            b =>
            {
                b.Services.AddMarketDataClient(o =>
                {
                    o.ApiKey = SentinelKey.Value;
                    o.BaseAddress = Stub.BaseAddress;
                }).RedactLoggedHeaders(["Authorization"]);
                b.Services.ConfigureHttpClientDefaults(d => d.RedactLoggedHeaders(_ => false));
            },
            logs);
        await host.StartAsync();

        await host.Services.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        logs.Messages.Should().Contain(m => m.Contains("X-API-Key", StringComparison.OrdinalIgnoreCase));
        logs.Entries.Where(SentinelKey.Leaks).Should().BeEmpty();
    }

    [Test]
    public async Task The_configuration_overload_binds_the_MarketData_section()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketData:ApiKey"] = SentinelKey.Value,
            ["MarketData:BaseAddress"] = Stub.BaseAddress.ToString(),
            ["MarketData:Timeout"] = "00:00:42",
            ["MarketData:MaxResponseBytes"] = "65536",
            ["MarketData:Resilience:Enabled"] = "false",
            ["MarketData:Resilience:MaxRetries"] = "5",
            ["MarketData:Resilience:BaseDelay"] = "00:00:00.250",
            ["MarketData:Resilience:MaxRetryAfter"] = "00:00:05",
            ["MarketData:Resilience:AttemptTimeout"] = "00:00:07",
            ["Other:ApiKey"] = "not-this-one",
        }).Build();
        using var host = BuildHost(b => b.Services.AddMarketDataClient(config));
        await host.StartAsync();

        var client = (MarketDataClient)host.Services.GetRequiredService<IMarketDataClient>();
        var act = () => client.GetTickersAsync(["AAPL.US"]);

        client.Options.ApiKey.Should().Be(SentinelKey.Value);
        client.Options.BaseAddress.Should().Be(Stub.BaseAddress);
        client.Options.Resilience.TotalTimeout.Should().Be(TimeSpan.FromSeconds(42));
        client.Options.MaxResponseBytes.Should().Be(65536);
        client.Options.Resilience.MaxRetries.Should().Be(5);
        client.Options.Resilience.BaseDelay.Should().Be(TimeSpan.FromMilliseconds(250));
        client.Options.Resilience.MaxRetryAfter.Should().Be(TimeSpan.FromSeconds(5));
        client.Options.Resilience.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(7));
        await act.Should().ThrowExactlyAsync<DataSourceUnavailableException>();
        Stub.Single.ApiKeys.Should().Equal(SentinelKey.Value);
        Stub.Received.Should().HaveCount(1, "Resilience:Enabled=false was bound");
    }

    [Test]
    public async Task The_configuration_overload_reads_a_section_passed_directly_and_applies_the_extra_delegate()
    {
        Stub.OnGet(Path, StubReply.Ok("[]"));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feeds:TickDb:ApiKey"] = SentinelKey.Value,
        }).Build();
        using var host = BuildHost(b => b.Services.AddMarketDataClient(config.GetSection("Feeds:TickDb"), o => o.BaseAddress = Stub.BaseAddress));
        await host.StartAsync();

        await host.Services.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        Stub.Single.ApiKeys.Should().Equal(SentinelKey.Value);
    }

    [TestCase(null, "http://127.0.0.1:1", TestName = "A missing API key fails the host at start")]
    [TestCase("key\r\nX-Evil: 1", "http://127.0.0.1:1", TestName = "An API key with CR LF fails the host at start")]
    [TestCase(SentinelKey.Value, "http://api.example.com", TestName = "Plain http to a remote host fails the host at start")]
    public async Task Invalid_options_fail_when_the_host_starts(string? key, string address)
    {
        using var host = BuildHost(b => b.Services.AddMarketDataClient(o =>
        {
            o.ApiKey = key;
            o.BaseAddress = new Uri(address);
        }));

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.OptionsType.Should().Be<MarketDataClientOptions>();
        ex.Message.Should().NotContain("X-Evil");
        Stub.Received.Should().BeEmpty();
    }

    [Test]
    public async Task The_returned_builder_adds_handlers_to_the_pipeline()
    {
        Stub.OnGet(Path, StubReply.Ok("[]"));
        using var host = BuildHost(b => b.Services
            .AddMarketDataClient(o =>
            {
                o.ApiKey = SentinelKey.Value;
                o.BaseAddress = Stub.BaseAddress;
            })
            .AddHttpMessageHandler(() => new HeaderHandler("X-Correlation-Id", "corr-1")));
        await host.StartAsync();

        await host.Services.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        Stub.Single.Headers["X-Correlation-Id"].Should().Equal("corr-1");
        Stub.Single.ApiKeys.Should().Equal(SentinelKey.Value);
    }

    [Test]
    public async Task The_host_clock_drives_the_retries()
    {
        var clock = new FakeClock();
        Stub.Clock = clock;
        Stub.OnGet(Path, StubReply.Error(503, 5001), StubReply.Ok("[]"));
        using var host = BuildHost(b =>
        {
            b.Services.AddSingleton<TimeProvider>(clock);
            b.Services.AddMarketDataClient(o =>
            {
                o.ApiKey = SentinelKey.Value;
                o.BaseAddress = Stub.BaseAddress;
                o.Resilience.UseJitter = false;
            });
        });
        await host.StartAsync();

        var call = host.Services.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);
        await clock.AdvanceThroughAsync(TimeSpan.FromMilliseconds(500));
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Stub.Received.Select(r => r.ArrivedAt - FakeClock.Epoch).Should().Equal(TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    [Test]
    public async Task A_plain_service_collection_works_without_a_host()
    {
        Stub.OnGet(Path, StubReply.Ok("[]"));
        var services = new ServiceCollection();
        services.AddMarketDataClient(o =>
        {
            o.ApiKey = SentinelKey.Value;
            o.BaseAddress = Stub.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        using var scope = provider.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        Stub.Single.ApiKeys.Should().Equal(SentinelKey.Value);
    }

    [Test]
    public void A_plain_service_collection_with_invalid_options_fails_on_resolve()
    {
        var services = new ServiceCollection();
        services.AddMarketDataClient(o => o.ApiKey = " ");
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IMarketDataClient>();

        act.Should().Throw<OptionsValidationException>();
    }

    private static IHost BuildHost(Action<HostApplicationBuilder> configure, LogCapture? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        configure(builder);
        return builder.Build();
    }

    private sealed class HeaderHandler(string name, string value) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(name, value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
