namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// The end-to-end modes of this program (everything else goes to BenchmarkDotNet):
/// <code>
/// throughput [stream|rest|memory|latency ...] [--out file.md] [options]   client side; starts the server process itself
///                                                                           (--mode latency is the same as the word latency)
/// server [--port 0]                                                the loopback server (normally started by the above)
/// </code>
/// </summary>
internal static class RunnerMain
{
    public static bool Handles(string[] args) =>
        args.Length > 0 && (args[0].Equals("throughput", StringComparison.OrdinalIgnoreCase) || args[0].Equals("server", StringComparison.OrdinalIgnoreCase));

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = new RunnerArgs(args);
        var mode = parsed.Words[0].ToLowerInvariant();
        if (mode == "server")
        {
            return await ServeAsync(parsed);
        }

        var parts = parsed.Words.Skip(1).Select(w => w.ToLowerInvariant()).ToHashSet();
        if (parsed.String("mode", string.Empty) is { Length: > 0 } named)
        {
            parts.Add(named.ToLowerInvariant());
        }

        if (parts.Count == 0)
        {
            parts = ["stream", "rest"];
        }

        var unknown = parts.Except(["stream", "rest", "memory", "latency"]).ToArray();
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"Unknown part(s): {string.Join(", ", unknown)}. Use stream, rest, memory, latency.");
            return 2;
        }

        using var report = new Report(parsed.String("out", string.Empty));
        report.Line("# MarketData.Client end-to-end run");
        report.Line();
        report.Machine();
        report.Line($"- Command: `throughput {string.Join(' ', args.Skip(1))}`");
        report.Line();

        await using var server = await ServerProcess.StartAsync();
        var ok = true;
        if (parts.Contains("stream"))
        {
            await StreamThroughput.RunAsync(parsed, server, report);
        }

        if (parts.Contains("rest"))
        {
            await RestThroughput.RunAsync(parsed, server, report);
        }

        if (parts.Contains("memory"))
        {
            ok &= await MemoryFlatness.RunAsync(parsed, server, report);
        }

        if (parts.Contains("latency"))
        {
            ok &= await PushLatency.RunAsync(parsed, server, report);
        }

        return ok ? 0 : 1;
    }

    private static async Task<int> ServeAsync(RunnerArgs args)
    {
        using var server = new LoopbackServer(args.Int("port", 0));
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var serving = server.RunAsync(stop.Token);
        Console.WriteLine($"LISTENING {server.Port}");
        Console.Out.Flush();

        // The parent stops the server by closing standard input (or Ctrl+C when started by hand).
        var stdinClosed = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync(stop.Token) is not null)
            {
            }
        });
        await Task.WhenAny(stdinClosed, serving);
        await stop.CancelAsync();
        server.Dispose();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
