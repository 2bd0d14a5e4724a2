using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MarketData.Client.Benchmarks.Fixtures;
using static MarketData.Client.Benchmarks.Runner.Stats;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// REST end to end: <c>GetTickersAsync</c> vs a raw <c>HttpClient.GetAsync</c> + source-generated deserialize of
/// the same reply, N calls in sequence and N calls spread over 32 concurrent workers. Each client has its own
/// connection pool (same handler settings). Requests/s, p50/p99 latency, bytes allocated and client CPU per call.
/// </summary>
internal static class RestThroughput
{
    private const string ApiKey = "bench-key";

    public static async Task RunAsync(RunnerArgs args, ServerProcess server, Report report)
    {
        var clientNames = args.List("rest-clients", "raw,sdk");
        var modes = args.List("modes", "sequential,concurrent");
        var count = args.Int("rest-count", 20_000);
        var concurrency = args.Int("concurrency", 32);
        var runs = args.Int("runs", 3);
        var warmup = TimeSpan.FromSeconds(args.Double("warmup", 5));
        var symbols = RestBodies.DefaultTickerSymbols;

        using var rawHttp = new HttpClient(Handler()) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        rawHttp.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        rawHttp.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var rawUri = new Uri("/v1/market/ticker?symbols=" + string.Join(',', symbols.Select(Uri.EscapeDataString)), UriKind.Relative);
        using var sdk = new MarketDataClient(
            new HttpClient(Handler()) { Timeout = Timeout.InfiniteTimeSpan },
            new MarketDataClientOptions { ApiKey = ApiKey, BaseAddress = server.BaseAddress });

        var calls = new Dictionary<string, Func<CancellationToken, Task<int>>>(StringComparer.OrdinalIgnoreCase)
        {
            ["raw"] = async ct =>
            {
                using var response = await rawHttp.GetAsync(rawUri, ct);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                var envelope = await JsonSerializer.DeserializeAsync(body, PlainJsonContext.Default.PlainEnvelopeListPlainTicker, ct);
                return envelope?.Data?.Count ?? 0;
            },
            ["sdk"] = async ct => (await sdk.GetTickersAsync(symbols, cancellationToken: ct)).Count,
        };

        report.Line("## REST throughput");
        report.Line();
        report.Line($"`GetTickersAsync` for {symbols.Length} symbols ({RestBodies.Tickers(symbols).Length} B body) vs raw `HttpClient.GetAsync` + source-gen deserialize into string DTOs; {count:N0} calls per run, warm-up {warmup.TotalSeconds:0.#} s, median of {runs} runs.");
        report.Line();

        foreach (var mode in modes)
        {
            var workers = mode.Equals("sequential", StringComparison.OrdinalIgnoreCase) ? 1 : concurrency;
            var rows = new List<(string Client, List<(RunResult Run, double P50, double P99)> Runs)>();
            foreach (var name in clientNames)
            {
                var call = calls.TryGetValue(name, out var c) ? c : throw new ArgumentException($"Unknown REST client '{name}' (raw, sdk).");
                Report.Progress($"[rest {mode}] {name}: warm-up {warmup.TotalSeconds:0.#} s");
                var warm = Stopwatch.StartNew();
                do
                {
                    await MeasureAsync(server, call, Math.Min(count, 2_000), workers, symbols.Length);
                }
                while (warm.Elapsed < warmup);

                var measured = new List<(RunResult, double, double)>();
                for (var i = 0; i < runs; i++)
                {
                    var m = await MeasureAsync(server, call, count, workers, symbols.Length);
                    Report.Progress($"[rest {mode}] {name} run {i + 1}: {m.Run.Describe()}, p50 {m.P50:0.0} µs, p99 {m.P99:0.0} µs");
                    measured.Add(m);
                }

                rows.Add((name, measured));
            }

            double Median(string client, Func<(RunResult Run, double P50, double P99), double> pick) =>
                rows.FirstOrDefault(r => r.Client == client) is { Runs: { } runs } ? Stats.Median(runs.Select(pick)) : double.NaN;

            report.Line($"### {mode} ({workers} worker{(workers == 1 ? string.Empty : "s")})");
            report.Line();
            report.Table(
                ["client", "requests/s", "p50 µs", "p99 µs", "alloc B/call", "client CPU µs/call", "server CPU µs/call", "GC 0/1/2 per run", "latency p50 ÷ raw", "alloc ÷ raw"],
                rows.Select(r => (IReadOnlyList<string>)
                [
                    r.Client,
                    F(Median(r.Client, x => x.Run.PerSecond), "N0"),
                    F(Median(r.Client, x => x.P50), "0.0"),
                    F(Median(r.Client, x => x.P99), "0.0"),
                    F(Median(r.Client, x => x.Run.AllocatedPerOperation), "0"),
                    F(Median(r.Client, x => x.Run.ClientCpuMicrosPerOperation), "0.00"),
                    F(Median(r.Client, x => x.Run.ServerCpuMicrosPerOperation ?? double.NaN), "0.00"),
                    $"{Median(r.Client, x => x.Run.Gen0):0}/{Median(r.Client, x => x.Run.Gen1):0}/{Median(r.Client, x => x.Run.Gen2):0}",
                    F(Median(r.Client, x => x.P50) / Median("raw", x => x.P50), "0.00"),
                    F(Median(r.Client, x => x.Run.AllocatedPerOperation) / Median("raw", x => x.Run.AllocatedPerOperation), "0.00"),
                ]));
        }
    }

    private static SocketsHttpHandler Handler() => new()
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    private static async Task<(RunResult Run, double P50, double P99)> MeasureAsync(ServerProcess server, Func<CancellationToken, Task<int>> call, int count, int workers, int expectedItems)
    {
        var latencies = new long[count];
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Snapshot.Settle();
        var serverBefore = await server.CpuAsync();
        var start = Snapshot.Take();
        var tasks = new Task<long>[workers];
        for (var w = 0; w < workers; w++)
        {
            var first = w;
            tasks[w] = Task.Run(async () =>
            {
                long items = 0;
                for (var i = first; i < count; i += workers)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    items += await call(deadline.Token);
                    latencies[i] = Stopwatch.GetTimestamp() - t0;
                }

                return items;
            });
        }

        var decoded = (await Task.WhenAll(tasks)).Sum();
        var end = Snapshot.Take();
        var serverAfter = await server.CpuAsync();
        if (decoded != (long)count * expectedItems)
        {
            throw new InvalidOperationException($"Expected {count * expectedItems} tickers decoded, got {decoded}.");
        }

        return (RunResult.Between(start, end, count, 0, serverAfter - serverBefore),
                PercentileMicros(latencies, count, 50),
                PercentileMicros(latencies, count, 99));
    }
}
