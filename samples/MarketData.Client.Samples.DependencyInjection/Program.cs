// DependencyInjection: a Generic Host worker that polls tickers through IMarketDataClient (registered with
// AddMarketDataClient) and logs through ILogger, surviving a scripted outage and a rate limit.
//
//   dotnet run --project samples/MarketData.Client.Samples.DependencyInjection [--Poller:Polls=0 for no limit]
//
// Configuration: "MarketData" section (ApiKey, BaseAddress, Resilience:*...) and "Poller" section (Symbols,
// Interval, Polls). Without an API key (MarketData:ApiKey or MARKETDATA_API_KEY) it runs against the embedded simulator.
using MarketData.Client.Samples.DependencyInjection;
using MarketData.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss ";
});
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

var apiKey = builder.Configuration["MarketData:ApiKey"] ?? Environment.GetEnvironmentVariable("MARKETDATA_API_KEY");
await using var simulator = string.IsNullOrWhiteSpace(apiKey) ? await MarketDataSimulator.StartAsync() : null;
if (simulator is not null)
{
    builder.Services.AddSingleton(simulator); // lets the worker script failures; an app would not register it
}

builder.Services.AddMarketDataClient(builder.Configuration, o =>
{
    o.ApiKey = simulator?.ApiKey ?? apiKey;
    if (simulator is not null)
    {
        o.BaseAddress = simulator.BaseAddress;
    }
});
builder.Services.AddOptions<PollerOptions>().Bind(builder.Configuration.GetSection(PollerOptions.SectionName));
builder.Services.AddHostedService<TickerPoller>();

using var host = builder.Build();
host.Services.GetRequiredService<ILogger<TickerPoller>>().LogInformation(
    simulator is null ? "Using the TickDB service" : "Using the embedded simulator at {Address} (no API key configured): data is simulated",
    simulator?.BaseAddress);
await host.RunAsync();
