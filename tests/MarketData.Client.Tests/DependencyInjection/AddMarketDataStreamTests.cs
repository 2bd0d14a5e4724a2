using MarketData.Client.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MarketData.Client.Tests.DependencyInjection;

public sealed class AddMarketDataStreamTests
{
    [Test]
    public async Task Invalid_options_fail_when_the_host_starts_even_without_AddMarketDataClient()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMarketDataStream(o => o.BaseAddress = new Uri("https://api.example.com"));
        using var host = builder.Build();

        var act = () => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("API key");
    }

    [Test]
    public async Task Valid_options_resolve_one_shared_stream()
    {
        await using var provider = new ServiceCollection()
            .AddMarketDataStream(o => o.ApiKey = "stream-di-key")
            .BuildServiceProvider();

        provider.GetRequiredService<MarketDataStream>().Should().BeSameAs(provider.GetRequiredService<MarketDataStream>());
    }

    [Test]
    public async Task IMarketDataStream_is_the_registered_stream()
    {
        await using var provider = new ServiceCollection()
            .AddMarketDataStream(o => o.ApiKey = "stream-di-key")
            .BuildServiceProvider();

        provider.GetRequiredService<IMarketDataStream>().Should().BeSameAs(provider.GetRequiredService<MarketDataStream>());
        provider.GetRequiredService<IMarketDataStream>().Options.ApiKey.Should().Be("stream-di-key");
    }

    [Test]
    public async Task AddMarketDataClient_registers_the_REST_client_only()
    {
        await using var provider = new ServiceCollection()
            .AddMarketDataClient(o => o.ApiKey = "rest-di-key").Services
            .BuildServiceProvider();

        provider.GetService<IMarketDataClient>().Should().NotBeNull();
        provider.GetService<IMarketDataStream>().Should().BeNull("the stream is registered by AddMarketDataStream");
        provider.GetService<MarketDataStream>().Should().BeNull();
        provider.GetService<MarketDataStreamPool>().Should().BeNull();
    }
}
