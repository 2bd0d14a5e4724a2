using MarketData.Client.Benchmarks.Fixtures;
using static MarketData.Client.Benchmarks.Runner.Stats;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// Stream delivery end to end: for each push shape and each client, a warm-up of several seconds of whole sessions,
/// then <c>runs</c> measured sessions of <c>count</c> pushes each; medians per metric and ratios between clients.
/// The timed region starts before connect + subscribe (about a millisecond) and ends at the last push consumed, so
/// nothing the server pushed before timing started can inflate the rate.
/// </summary>
internal static class StreamThroughput
{
    public static async Task RunAsync(RunnerArgs args, ServerProcess server, Report report)
    {
        var clients = args.List("clients", string.Join(',', StreamClients.All.Select(c => c.Name))).Select(StreamClients.Get).ToArray();
        var pushes = args.List("pushes", "ticker-us,depth-10,trade-1").Select(StreamPayloads.Get).ToArray();
        var count = args.Long("count", 1_000_000);
        var runs = args.Int("runs", 3);
        var warmup = TimeSpan.FromSeconds(args.Double("warmup", 5));
        var timeout = TimeSpan.FromSeconds(args.Double("timeout", 120));

        report.Line("## Stream throughput");
        report.Line();
        report.Line($"{count:N0} pushes per session, warm-up {warmup.TotalSeconds:0.#} s per client and push, median of {runs} runs. Clients:");
        foreach (var c in clients)
        {
            report.Line($"- `{c.Name}`: {c.Description}");
        }

        report.Line();
        foreach (var push in pushes)
        {
            var payloadBytes = push.Symbols.Average(s => (double)push.Render(s).Length);
            var results = new List<(IStreamClient Client, List<RunResult> Runs)>();
            foreach (var client in clients)
            {
                Report.Progress($"[{push.Name}] {client.Name}: warm-up {warmup.TotalSeconds:0.#} s");
                var warm = System.Diagnostics.Stopwatch.StartNew();
                do
                {
                    await SessionAsync(server, client, push, count, payloadBytes, timeout);
                }
                while (warm.Elapsed < warmup);

                var measured = new List<RunResult>();
                for (var i = 0; i < runs; i++)
                {
                    var r = await SessionAsync(server, client, push, count, payloadBytes, timeout);
                    Report.Progress($"[{push.Name}] {client.Name} run {i + 1}: {r.Describe()}");
                    measured.Add(r);
                }

                results.Add((client, measured));
            }

            WriteTable(report, push, payloadBytes, results);
        }
    }

    public static async Task<RunResult> SessionAsync(ServerProcess server, IStreamClient client, PushFixture push, long count, double payloadBytes, TimeSpan timeout)
    {
        await server.PlanAsync(push.Name, count);
        using var deadline = new CancellationTokenSource(timeout);
        Snapshot.Settle();
        var serverBefore = await server.CpuAsync();
        var start = Snapshot.Take();
        await using (var session = await client.OpenAsync(server.BaseAddress, push, deadline.Token))
        {
            await session.ReceiveAsync(count, deadline.Token);
            var end = Snapshot.Take();
            var serverAfter = await server.CpuAsync();
            return RunResult.Between(start, end, count, (long)(payloadBytes * count), serverAfter - serverBefore);
        }
    }

    private static void WriteTable(Report report, PushFixture push, double payloadBytes, List<(IStreamClient Client, List<RunResult> Runs)> results)
    {
        double Rate(string name) => results.FirstOrDefault(r => r.Client.Name == name) is { Runs: { } runs } ? Median(runs.Select(r => r.PerSecond)) : double.NaN;
        var bare = Rate("bare");
        var scan = Rate("scan");
        var jsondoc = Rate("jsondoc");

        report.Line($"### `{push.Name}` ({payloadBytes:0} B per push)");
        report.Line();
        report.Table(
            ["client", "msgs/s", "MB/s", "alloc B/msg", "GC 0/1/2 per run", "client CPU µs/msg", "server CPU µs/msg", "÷ bare", "÷ scan", "÷ jsondoc", "runs (msgs/s)"],
            results.Select(r =>
            {
                var rate = Median(r.Runs.Select(x => x.PerSecond));
                return (IReadOnlyList<string>)
                [
                    r.Client.Name,
                    F(rate, "N0"),
                    F(Median(r.Runs.Select(x => x.MegabytesPerSecond)), "0.0"),
                    F(Median(r.Runs.Select(x => x.AllocatedPerOperation)), "0.0"),
                    $"{Median(r.Runs.Select(x => (double)x.Gen0)):0}/{Median(r.Runs.Select(x => (double)x.Gen1)):0}/{Median(r.Runs.Select(x => (double)x.Gen2)):0}",
                    F(Median(r.Runs.Select(x => x.ClientCpuMicrosPerOperation)), "0.000"),
                    F(Median(r.Runs.Select(x => x.ServerCpuMicrosPerOperation ?? double.NaN)), "0.000"),
                    F(rate / bare, "0.00"),
                    F(rate / scan, "0.00"),
                    F(rate / jsondoc, "0.00"),
                    string.Join(" / ", r.Runs.Select(x => F(x.PerSecond, "N0"))),
                ];
            }));
    }
}
