using System.Diagnostics;
using System.Globalization;
using MarketData.Client.Streaming;
using Spectre.Console;

namespace MarketData.Client.Samples.Quickstart;

/// <summary>The streaming step: live tickers from a <see cref="MarketDataStream"/> in a table that updates in place.</summary>
internal sealed class StreamingDemo(MarketDataClientOptions options)
{
    private static readonly string[] Symbols = ["AAPL.US", "TSLA.US", "700.HK", "BTCUSDT", "ETHUSDT", "EURUSD", "XAUUSD"];
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<string, Row> _rows = Symbols.ToDictionary(s => s, s => new Row(), StringComparer.OrdinalIgnoreCase);
    private string _state = nameof(StreamState.Disconnected);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var stream = new MarketDataStream(options);
        Exception? lastFailure = null;
        stream.StateChanged += (_, e) =>
        {
            Volatile.Write(ref _state, e.State.ToString());
            Volatile.Write(ref lastFailure, e.Exception ?? Volatile.Read(ref lastFailure));
        };
        stream.Error += (_, e) => AnsiConsole.MarkupLine("[red]Stream error:[/] {0}", Markup.Escape(e.ToString()));

        // The stream retries a failing connection forever (with backoff); a demo gives up after a while instead.
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connecting.CancelAfter(ConnectPatience);
            try
            {
                await stream.ConnectAsync(connecting.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                AnsiConsole.MarkupLine(
                    "[yellow]Not connected after {0} s[/] (last failure: {1}); skipping the streaming step.",
                    ConnectPatience.TotalSeconds,
                    Markup.Escape(Volatile.Read(ref lastFailure)?.Message ?? "none"));
                return;
            }
        }

        await stream.SubscribeAsync(StreamChannel.Ticker, Symbols, cancellationToken: cancellationToken);
        AnsiConsole.MarkupLine("Connected to [grey]{0}[/]; streaming tickers for {1} s (Ctrl+C stops).", Markup.Escape(stream.Url), Duration.TotalSeconds);

        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(Duration);
        var clock = Stopwatch.StartNew();
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Symbol", "Last", "Bid", "Ask", "Change", "Ticks", "UTC");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        var received = 0;
        async Task ReadAsync(Action redraw)
        {
            var lastRedraw = TimeSpan.Zero;
            try
            {
                await foreach (var ticker in stream.ReadTickersAsync(window.Token))
                {
                    received++;
                    if (_rows.TryGetValue(ticker.SubscribedSymbol ?? ticker.Symbol, out var row))
                    {
                        row.First ??= ticker;
                        row.Last = ticker;
                        row.Updates++;
                    }

                    if (clock.Elapsed - lastRedraw >= RedrawEvery)
                    {
                        lastRedraw = clock.Elapsed;
                        redraw();
                    }
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The 10 s are over.
            }
        }

        Redraw(table, stream, clock.Elapsed);
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Ansi)
        {
            // Not a terminal (a pipe, a file, CI): a live view would print every frame, so print the table once at the end.
            AnsiConsole.MarkupLine("[grey]Output is not a terminal: the table is printed once, at the end.[/]");
            await ReadAsync(() => { });
            Redraw(table, stream, clock.Elapsed);
            AnsiConsole.Write(table);
        }
        else
        {
            await AnsiConsole.Live(table).StartAsync(async live =>
            {
                await ReadAsync(() =>
                {
                    Redraw(table, stream, clock.Elapsed);
                    live.Refresh();
                });
                Redraw(table, stream, clock.Elapsed);
                live.Refresh();
            });
        }

        cancellationToken.ThrowIfCancellationRequested();
        AnsiConsole.MarkupLine(
            "Read [bold]{0}[/] tickers in {1:0.0} s ({2} dropped). Disposing the stream closes it cleanly (close frame).",
            received, clock.Elapsed.TotalSeconds, stream.DroppedMessages);
    }

    private void Redraw(Table table, MarketDataStream stream, TimeSpan elapsed)
    {
        table.Rows.Clear();
        foreach (var symbol in Symbols)
        {
            var row = _rows[symbol];
            if (row.Last is not { } t)
            {
                table.AddRow(Markup.Escape(symbol), "[grey]waiting[/]", "", "", "", "0", "");
                continue;
            }

            var change = t.LastPrice - row.First!.LastPrice;
            var colour = change > 0 ? "green" : change < 0 ? "red" : "grey";
            table.AddRow(
                Markup.Escape(symbol),
                $"[bold]{QuickstartDemo.Number(t.LastPrice)}[/]",
                QuickstartDemo.Number(t.BidPrice),
                QuickstartDemo.Number(t.AskPrice),
                $"[{colour}]{(change > 0 ? "+" : "")}{QuickstartDemo.Number(change)}[/]",
                row.Updates.ToString(CultureInfo.InvariantCulture),
                t.Timestamp.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        }

        var left = Duration - elapsed;
        table.Caption(string.Create(
            CultureInfo.InvariantCulture,
            $"{Volatile.Read(ref _state)} · {stream.ReceivedMessages} received · {(left > TimeSpan.Zero ? left.TotalSeconds : 0):0} s left"));
    }

    private sealed class Row
    {
        public TickerUpdate? First { get; set; }

        public TickerUpdate? Last { get; set; }

        public int Updates { get; set; }
    }
}
