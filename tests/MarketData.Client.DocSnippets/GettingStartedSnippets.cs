using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketData.Client.DocSnippets;

internal static class GettingStartedSnippets
{
    public static async Task CallAsync()
    {
        using var client = new MarketDataClient(new MarketDataClientOptions
        {
            ApiKey = Environment.GetEnvironmentVariable("MARKETDATA_API_KEY"),
        });

        IReadOnlyList<Ticker> tickers = await client.GetTickersAsync(["AAPL.US", "700.HK", "EURUSD"]);
        KlineSeries bars = await client.GetKlinesAsync("AAPL.US", KlineInterval.OneDay, limit: 30);
    }

    public static void Register(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddMarketDataClient(builder.Configuration);
    }
}
