// DependencyInjection: a Generic Host with two workers, both resolved from AddMarketDataClient and logging through
// ILogger. TickerPoller polls tickers through IMarketDataClient, surviving a scripted outage and a rate limit;
// TickerStreamer streams tickers through MarketDataStream and rides out a simulated disconnect (reconnect and
// resubscribe are logged). The host stops once both are done, or on Ctrl+C.
//
//   dotnet run --project samples/MarketData.Client.Samples.DependencyInjection
//   (--Poller:Polls=0 and --Streamer:Duration=0 to run until Ctrl+C)
//
// Configuration: "MarketData" section (ApiKey, BaseAddress, Resilience:*, Streaming:*...), "Poller" section (Symbols,
// Interval, Polls) and "Streamer" section (Symbols, Duration, DisconnectAfter, SummaryInterval). Without an API key
// (MarketData:ApiKey or MARKETDATA_API_KEY) it runs against the embedded simulator.
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
builder.Services.AddOptions<StreamerOptions>().Bind(builder.Configuration.GetSection(StreamerOptions.SectionName));
builder.Services.AddSingleton(sp => new WorkersCompletion(sp.GetRequiredService<IHostApplicationLifetime>(), workers: 2));
builder.Services.AddHostedService<TickerPoller>();
builder.Services.AddMarketDataStream(); // IMarketDataStream, for TickerStreamer (AddMarketDataClient registers the REST client only)
builder.Services.AddHostedService<TickerStreamer>();

using var host = builder.Build();
host.Services.GetRequiredService<ILogger<TickerPoller>>().LogInformation(
    simulator is null ? "Using the TickDB service" : "Using the embedded simulator at {Address} (no API key configured): data is simulated",
    simulator?.BaseAddress);
await host.RunAsync();
