using System.Diagnostics;
using System.Globalization;
using MarketData.Client.Models;
using MarketData.Client.Testing;
using Spectre.Console;

namespace MarketData.Client.Samples.Quickstart;

/// <summary>The steps of the quickstart, each a few calls of <see cref="IMarketDataClient"/> and a table.</summary>
internal sealed class QuickstartDemo(IMarketDataClient client, MarketDataSimulator? simulator)
{
    private static readonly string[] Symbols = ["AAPL.US", "TSLA.US", "700.HK", "600519.SH", "BTCUSDT", "EURUSD", "XAUUSD"];

    public async Task TickersAsync(CancellationToken cancellationToken)
    {
        var tickers = await client.GetTickersAsync(Symbols, cancellationToken: cancellationToken);

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Symbol", "Type", "Last", "24 h", "High", "Low", "Volume");
        foreach (var column in table.Columns.Skip(2))
        {
            column.RightAligned();
        }

        foreach (var t in tickers)
        {
            var change = t.PriceChangePercent24h is { } pct ? $"{(pct >= 0 ? "[green]+" : "[red]")}{pct.ToString("0.00", CultureInfo.InvariantCulture)}%[/]" : "";
            table.AddRow(
                Markup.Escape(t.Symbol),
                Markup.Escape(t.Type?.Value ?? ""),
                Number(t.LastPrice),
                change,
                Number(t.High24h),
                Number(t.Low24h),
                Compact(t.Volume24h));
        }

        if (tickers.Count > 0)
        {
            table.Caption($"at {tickers.Max(t => t.Timestamp).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        }

        AnsiConsole.Write(table);
    }

    public async Task KlinesAsync(CancellationToken cancellationToken)
    {
        var series = await client.GetKlinesAsync("AAPL.US", KlineInterval.OneDay, limit: 10, cancellationToken: cancellationToken);

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Day", "Open", "High", "Low", "Close", "Volume");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var bar in series.Klines)
        {
            var colour = bar.Close >= bar.Open ? "green" : "red";
            table.AddRow(
                bar.Time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Number(bar.Open),
                Number(bar.High),
                Number(bar.Low),
                $"[{colour}]{Number(bar.Close)}[/]",
                Compact(bar.Volume));
        }

        AnsiConsole.Write(table);
    }

    public async Task OrderBookAsync(CancellationToken cancellationToken)
    {
        var book = await client.GetDepthAsync("700.HK", limit: 5, cancellationToken: cancellationToken);

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Bid size", "Bid", "Ask", "Ask size");
        table.Columns[0].RightAligned();
        table.Columns[1].RightAligned();
        for (var i = 0; i < Math.Max(book.Bids.Count, book.Asks.Count); i++)
        {
            var bid = i < book.Bids.Count ? book.Bids[i] : (PriceLevel?)null;
            var ask = i < book.Asks.Count ? book.Asks[i] : (PriceLevel?)null;
            table.AddRow(Number(bid?.Quantity), $"[green]{Number(bid?.Price)}[/]", $"[red]{Number(ask?.Price)}[/]", Number(ask?.Quantity));
        }

        AnsiConsole.Write(table);
        if (book.Bids.Count > 0 && book.Asks.Count > 0)
        {
            AnsiConsole.MarkupLine("Spread: {0}", Number(book.Asks[0].Price - book.Bids[0].Price));
        }
    }

    public async Task RateLimitAsync(CancellationToken cancellationToken)
    {
        if (simulator is null)
        {
            AnsiConsole.MarkupLine("On a 429 the client waits the service's [bold]Retry-After[/] and retries (MarketDataResilienceOptions); the simulator can script one, the real service only sends them when you call too fast.");
            return;
        }

        // Script one rate-limit reply: the next ticker request gets HTTP 429 with "Retry-After: 2".
        simulator.Faults.RateLimit(retryAfter: TimeSpan.FromSeconds(2), times: 1, path: "/v1/market/ticker");
        var before = simulator.RequestCount("/v1/market/ticker");
        var watch = Stopwatch.StartNew();

        var tickers = await client.GetTickersAsync(["AAPL.US"], cancellationToken: cancellationToken);

        AnsiConsole.MarkupLine(
            "The simulator answered 429 with Retry-After: 2. The client waited [bold]{0:0.0} s[/], retried, and got AAPL.US at {1} ({2} requests, no exception).",
            watch.Elapsed.TotalSeconds, Number(tickers[0].LastPrice), simulator.RequestCount("/v1/market/ticker") - before);
    }

    public async Task TypedErrorAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.GetKlinesAsync("NOSUCH.US", KlineInterval.OneDay, limit: 5, cancellationToken: cancellationToken);
            AnsiConsole.MarkupLine("NOSUCH.US unexpectedly exists.");
        }
        catch (SymbolNotFoundException ex)
        {
            AnsiConsole.MarkupLine("[bold]{0}[/]: code {1} ({2}), HTTP {3}", nameof(SymbolNotFoundException), ex.RawCode, ex.Code, ex.StatusCode is { } status ? (int)status : 0);
            AnsiConsole.MarkupLine("What to do: {0}", Markup.Escape(ex.Recommendation));
        }
        catch (MarketDataException ex)
        {
            AnsiConsole.MarkupLine("[bold]{0}[/]: code {1} ({2}). What to do: {3}", ex.GetType().Name, Markup.Escape(ex.RawCode), ex.Code, Markup.Escape(ex.Recommendation));
        }
    }

    internal static string Number(decimal? value) => value?.ToString("#,0.#######", CultureInfo.InvariantCulture) ?? "";

    private static string Compact(decimal? value) => value switch
    {
        null => "",
        >= 1_000_000_000m => (value.Value / 1_000_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1_000_000m => (value.Value / 1_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1_000m => (value.Value / 1_000m).ToString("0.##", CultureInfo.InvariantCulture) + "K",
        _ => value.Value.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
