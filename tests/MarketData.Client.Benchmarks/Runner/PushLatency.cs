using System.Diagnostics;
using System.Globalization;
using MarketData.Client.Benchmarks.Fixtures;
using static MarketData.Client.Benchmarks.Runner.Stats;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// Push latency end to end: the server process paces pushes at a fixed rate and stamps each with
/// <see cref="Stopwatch.GetTimestamp"/> just before sending; each client records now − stamp when the push is in the
/// reader's hands. Both processes read the same clock (checked first: on Linux <see cref="Stopwatch"/> is
/// <c>CLOCK_MONOTONIC</c>, one per machine). Runs are interleaved (run 1 of every client, then run 2, ...) so a change in
/// machine load hits every client alike; medians of the runs and ratios to the scan loop are reported.
/// </summary>
internal static class PushLatency
{
    public static async Task<bool> RunAsync(RunnerArgs args, ServerProcess server, Report report)
    {
        var clients = args.List("clients", string.Join(',', LatencyClients.All.Select(c => c.Name))).Select(LatencyClients.Get).ToArray();
        var pushes = args.List("pushes", "ticker-us,depth-10,trade-1").Select(StreamPayloads.Get).ToArray();
        var rate = args.Long("rate", 50_000);
        var seconds = args.Double("seconds", 5);
        var warmup = args.Double("warmup", 1);
        var runs = args.Int("runs", 3);
        var tick = args.Int("tick-us", 1000);
        var pacing = Enum.Parse<Pacing>(args.String("pacing", nameof(Pacing.Yield)), ignoreCase: true);
        var timeout = TimeSpan.FromSeconds(args.Double("timeout", seconds + warmup + 60));
        var skip = (long)(rate * warmup);
        var count = checked((int)(rate * seconds));

        report.Line("## Push latency");
        report.Line();
        var clock = await CheckClockAsync(server);
        report.Line($"- Clock: {clock.Text}");
        report.Line($"- Load average (1/5/15 min) at start: {LoadAverage()}");
        report.Line(string.Create(CultureInfo.InvariantCulture, $"- {rate:N0} pushes/s for {warmup:0.#} s of warm-up (not recorded) + {seconds:0.#} s recorded ({count:N0} pushes) per session; a batch every {tick} µs, waiting by {pacing.ToString().ToLowerInvariant()}; median of {runs} interleaved runs."));
        report.Line("- Latency = the client's `Stopwatch.GetTimestamp()` when the decoded push is in the reader's hands − the server's just before it wrote the batch holding the push. Clients:");
        foreach (var c in clients)
        {
            report.Line($"  - `{c.Name}`: {c.Description}");
        }

        report.Line();
        if (!clock.Ok)
        {
            return false;
        }

        foreach (var push in pushes)
        {
            // Fails fast on a push shape without the stamp member (ticker-forex has no volume_24h).
            _ = PushStamp.For(push.Kind).Template(push.Utf8);
            var results = clients.ToDictionary(c => c.Name, _ => new List<LatencyResult>());
            for (var run = 1; run <= runs; run++)
            {
                foreach (var client in clients)
                {
                    var r = await SessionAsync(server, client, push, new PacedPlan(skip + count, rate, tick, pacing), skip, count, timeout);
                    Report.Progress($"[latency {push.Name}] {client.Name} run {run}: {r.Describe()}");
                    results[client.Name].Add(r);
                }
            }

            WriteTable(report, push, rate, clients, results);
        }

        report.Line($"- Load average (1/5/15 min) at end: {LoadAverage()}");
        report.Line();
        return true;
    }

    private static async Task<LatencyResult> SessionAsync(ServerProcess server, ILatencyClient client, PushFixture push, PacedPlan plan, long skip, int count, TimeSpan timeout)
    {
        var recorder = new LatencyRecorder(skip, count);
        await server.PlanAsync(push.Name, plan);
        using var deadline = new CancellationTokenSource(timeout);
        Snapshot.Settle();
        var start = Snapshot.Take();
        await using (var session = await client.OpenAsync(server.BaseAddress, push, recorder, deadline.Token))
        {
            await session.RunAsync(deadline.Token);
        }

        var end = Snapshot.Take();
        return new LatencyResult(
            recorder.ArrivalRate,
            recorder.PercentileMicros(50),
            recorder.PercentileMicros(99),
            recorder.PercentileMicros(99.9),
            recorder.PercentileMicros(100),
            end.Gen0 - start.Gen0,
            end.Gen1 - start.Gen1,
            end.Gen2 - start.Gen2);
    }

    /// <summary>
    /// The server's <see cref="Stopwatch.GetTimestamp"/> must fall between two readings of the client's, with the same
    /// frequency: then a stamp from one process and a reading in the other are on one clock.
    /// </summary>
    private static async Task<(bool Ok, string Text)> CheckClockAsync(ServerProcess server)
    {
        var best = long.MaxValue;
        var ok = false;
        for (var i = 0; i < 5; i++)
        {
            var before = Stopwatch.GetTimestamp();
            var (theirs, frequency) = await server.ClockAsync();
            var after = Stopwatch.GetTimestamp();
            var inside = frequency == Stopwatch.Frequency && before <= theirs && theirs <= after;
            ok |= inside;
            if (inside)
            {
                best = Math.Min(best, after - before);
            }
        }

        var window = best == long.MaxValue ? "n/a" : F(best * 1_000_000.0 / Stopwatch.Frequency, "0");
        return ok
            ? (true, $"the server process's `Stopwatch.GetTimestamp()` fell between two client readings (window {window} µs), frequency {Stopwatch.Frequency:N0}/s in both: one monotonic clock (CLOCK_MONOTONIC on Linux).")
            : (false, "**the server's `Stopwatch.GetTimestamp()` is not on the client's clock (outside the client's before/after readings or another frequency): latency not measured.**");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static void WriteTable(Report report, PushFixture push, long rate, ILatencyClient[] clients, Dictionary<string, List<LatencyResult>> results)
    {
        double Med(string name, Func<LatencyResult, double> metric) => results.TryGetValue(name, out var runs) ? Median(runs.Select(metric)) : double.NaN;
        var scanP50 = Med("scan", r => r.P50);
        var scanP99 = Med("scan", r => r.P99);

        report.Line(string.Create(CultureInfo.InvariantCulture, $"### `{push.Name}` at {rate:N0} pushes/s"));
        report.Line();
        report.Table(
            ["client", "achieved msgs/s", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "p50 ÷ scan", "p99 ÷ scan", "GC 0/1/2 per run", "runs p50 µs", "runs p99 µs"],
            clients.Select(c =>
            {
                var runs = results[c.Name];
                var p50 = Med(c.Name, r => r.P50);
                var p99 = Med(c.Name, r => r.P99);
                return (IReadOnlyList<string>)
                [
                    c.Name,
                    F(Med(c.Name, r => r.Rate), "N0"),
                    F(p50, "0.0"),
                    F(p99, "0.0"),
                    F(Med(c.Name, r => r.P999), "0.0"),
                    F(Med(c.Name, r => r.Max), "0"),
                    F(p50 / scanP50, "0.00"),
                    F(p99 / scanP99, "0.00"),
                    $"{Med(c.Name, r => r.Gen0):0}/{Med(c.Name, r => r.Gen1):0}/{Med(c.Name, r => r.Gen2):0}",
                    string.Join(" / ", runs.Select(r => F(r.P50, "0.0"))),
                    string.Join(" / ", runs.Select(r => F(r.P99, "0.0"))),
                ];
            }));
    }

    private sealed record LatencyResult(double Rate, double P50, double P99, double P999, double Max, int Gen0, int Gen1, int Gen2)
    {
        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Rate:N0}/s, p50 {P50:0.0} µs, p99 {P99:0.0} µs, p99.9 {P999:0.0} µs, max {Max:0} µs, GC {Gen0}/{Gen1}/{Gen2}");
    }
}
