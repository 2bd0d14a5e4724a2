using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MarketData.Client.Tests.DependencyInjection;

/// <summary>
/// Named registrations (<c>AddMarketDataClient("eu", ...)</c>) in a real host, against one WireMock server per account:
/// each client sends its own key to its own server only, the unnamed client keeps working, and a name nobody
/// registered fails with a message that says so.
/// </summary>
public sealed class NamedClientTests
{
    private const string Path = "/v1/market/ticker";
    private const string EuKey = "eu-account-key-0001";
    private const string UsKey = "us-account-key-0002";
    private const string DefaultKey = "default-account-key-0003";

    [Test]
    public async Task Two_named_clients_and_the_unnamed_one_each_send_only_their_own_key_to_their_own_server()
    {
        await using var eu = await LoopbackServer.StartAsync();
        await using var us = await LoopbackServer.StartAsync();
        await using var main = await LoopbackServer.StartAsync();
        foreach (var stub in new[] { eu, us, main })
        {
            stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketDataUs:ApiKey"] = UsKey,
            ["MarketDataUs:BaseAddress"] = us.BaseAddress.ToString(),
            ["MarketDataUs:Resilience:MaxRetries"] = "1",
        }).Build();
        using var host = BuildHost(services =>
        {
            services.AddMarketDataClient(o => (o.ApiKey, o.BaseAddress) = (DefaultKey, main.BaseAddress));
            services.AddMarketDataClient("eu", o => (o.ApiKey, o.BaseAddress) = (EuKey, eu.BaseAddress));
            services.AddMarketDataClient("us", config.GetSection("MarketDataUs"));
        });
        await host.StartAsync();

        var factory = host.Services.GetRequiredService<IMarketDataClientFactory>();
        await factory.CreateClient("eu").GetTickersAsync(["AAPL.US"]);
        await host.Services.GetRequiredKeyedService<IMarketDataClient>("eu").GetTickersAsync(["700.HK"]);
        await factory.CreateClient("us").GetTickersAsync(["AAPL.US"]);
        await host.Services.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);
        await factory.CreateClient(string.Empty).GetTickersAsync(["AAPL.US"]);

        eu.Received.Should().HaveCount(2).And.OnlyContain(r => r.ApiKeys.SequenceEqual(new[] { EuKey }));
        us.Received.Should().ContainSingle().Which.ApiKeys.Should().Equal(UsKey);
        main.Received.Should().HaveCount(2).And.OnlyContain(r => r.ApiKeys.SequenceEqual(new[] { DefaultKey }));
        ((MarketDataClient)factory.CreateClient("us")).Options.Resilience.MaxRetries.Should().Be(1, "the named section is bound");
        await host.StopAsync();
    }

    [Test]
    public async Task A_name_nobody_registered_fails_with_a_message_naming_it()
    {
        using var host = BuildHost(services => services.AddMarketDataClient("eu", o => o.ApiKey = EuKey));
        await host.StartAsync();

        var act = () => host.Services.GetRequiredService<IMarketDataClientFactory>().CreateClient("asia");

        act.Should().Throw<InvalidOperationException>().WithMessage("*'asia'*'eu'*");
        await host.StopAsync();
    }

    [Test]
    public async Task Invalid_options_of_a_named_client_stop_the_host_naming_the_client()
    {
        using var host = BuildHost(services =>
        {
            services.AddMarketDataClient(o => o.ApiKey = DefaultKey);
            services.AddMarketDataClient("eu", o => o.BaseAddress = new Uri("https://eu.example"));
        });

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.OptionsName.Should().Be("eu");
        ex.Message.Should().Contain("API key");
    }

    [Test]
    public async Task Options_are_copied_once_per_registration_and_shared_by_its_clients_and_stream()
    {
        using var host = BuildHost(services =>
        {
            services.AddMarketDataClient(o => o.ApiKey = DefaultKey);
            services.AddMarketDataClient("eu", o => o.ApiKey = EuKey);
            services.AddMarketDataStream();
        });
        await host.StartAsync();

        var first = ((MarketDataClient)host.Services.GetRequiredService<IMarketDataClient>()).Options;
        var second = ((MarketDataClient)host.Services.GetRequiredService<IMarketDataClient>()).Options;
        var eu = ((MarketDataClient)host.Services.GetRequiredService<IMarketDataClientFactory>().CreateClient("eu")).Options;

        second.Should().BeSameAs(first, "the options are copied once, not per client");
        host.Services.GetRequiredService<IMarketDataStream>().Options.Should().BeSameAs(first);
        first.Should().NotBeSameAs(host.Services.GetRequiredService<IOptions<MarketDataClientOptions>>().Value, "the SDK keeps its own copy");
        eu.Should().NotBeSameAs(first);
        eu.ApiKey.Should().Be(EuKey);
        await host.StopAsync();
    }

    private static IHost BuildHost(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder.Services);
        return builder.Build();
    }
}
