using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketData.Client.DocSnippets;

internal static class ConfigurationSnippets
{
    public static void RegisterNamed(HostApplicationBuilder builder)
    {
        builder.Services.AddMarketDataClient("eu", builder.Configuration.GetSection("MarketDataEu"));
        builder.Services.AddMarketDataClient("us", o => o.ApiKey = Environment.GetEnvironmentVariable("MARKETDATA_US_KEY"));
    }
}

internal sealed class Quotes(IMarketDataClientFactory clients, [FromKeyedServices("us")] IMarketDataClient us)
{
    public Task<IReadOnlyList<Ticker>> EuropeAsync(CancellationToken ct) => clients.CreateClient("eu").GetTickersAsync(["EURUSD"], cancellationToken: ct);

    public Task<IReadOnlyList<Ticker>> AmericaAsync(CancellationToken ct) => us.GetTickersAsync(["AAPL.US"], cancellationToken: ct);
}
