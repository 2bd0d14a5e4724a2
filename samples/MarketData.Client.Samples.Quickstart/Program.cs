// Quickstart: tickers, K-lines, the order book, a rate-limit wait, a typed error, then ~10 s of live tickers.
//
//   dotnet run --project samples/MarketData.Client.Samples.Quickstart
//
// With MARKETDATA_API_KEY set it talks to the TickDB service; without it, it starts the embedded simulator
// (MarketData.Client.Testing) on loopback, so it runs with no key and no network. Ctrl+C stops it cleanly.
using MarketData.Client;
using MarketData.Client.Samples.Quickstart;
using MarketData.Client.Testing;
using Spectre.Console;

// The sample always ends on its own: a safety net on top of Ctrl+C.
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the sample unwind and dispose instead of being killed
    stop.Cancel();
};

var apiKey = Environment.GetEnvironmentVariable("MARKETDATA_API_KEY");
await using var simulator = string.IsNullOrWhiteSpace(apiKey) ? await MarketDataSimulator.StartAsync(cancellationToken: stop.Token) : null;
if (simulator is null)
{
    AnsiConsole.MarkupLine("Using the TickDB service at [bold]{0}[/] (MARKETDATA_API_KEY is set).", Markup.Escape(MarketDataClientOptions.DefaultBaseAddress.ToString()));
}
else
{
    AnsiConsole.MarkupLine("Using the [bold yellow]embedded simulator[/] (no MARKETDATA_API_KEY): all data is simulated.");
    AnsiConsole.MarkupLine("[grey]Simulator listening on {0}[/]", Markup.Escape(simulator.BaseAddress.ToString()));
}

var options = simulator?.CreateClientOptions() ?? new MarketDataClientOptions { ApiKey = apiKey };
using var client = new MarketDataClient(options);
var demo = new QuickstartDemo(client, simulator);
var streaming = new StreamingDemo(options);

// Each step is independent; add more by appending to this list.
(string Title, Func<CancellationToken, Task> Run)[] steps =
[
    ("Tickers across markets", demo.TickersAsync),
    ("Daily K-lines of AAPL.US", demo.KlinesAsync),
    ("Order book of 700.HK", demo.OrderBookAsync),
    ("A rate-limit wait, honoured", demo.RateLimitAsync),
    ("A typed error, handled", demo.TypedErrorAsync),
    ("Live tickers over the WebSocket stream", streaming.RunAsync),
];

try
{
    foreach (var (title, run) in steps)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        await run(stop.Token);
    }

    AnsiConsole.WriteLine();
    AnsiConsole.MarkupLine("[green]Done.[/] Next: docs/getting-started.md, and samples/MarketData.Client.Samples.ErrorHandling.");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    AnsiConsole.MarkupLine("[yellow]Stopped.[/]");
    return 0;
}
catch (MarketDataException ex)
{
    // Anything the steps did not handle: the SDK's exceptions carry the code and what to do about it.
    AnsiConsole.MarkupLine("[red]{0}[/] ({1}): {2}", Markup.Escape(ex.GetType().Name), ex.Code, Markup.Escape(ex.Recommendation));
    return 1;
}
