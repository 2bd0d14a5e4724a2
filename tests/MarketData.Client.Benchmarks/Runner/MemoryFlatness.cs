using System.Diagnostics;
using MarketData.Client.Benchmarks.Fixtures;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// One long session (default 5,000,000 pushes) split into equal steps; after each step a full blocking GC and
/// <c>GC.GetTotalMemory(true)</c>. Flat means the last sample is within 10 % of the first one taken after the
/// first step (caches and buffers are warm by then); the sample taken right after subscribing is shown too.
/// </summary>
internal static class MemoryFlatness
{
    public static async Task<bool> RunAsync(RunnerArgs args, ServerProcess server, Report report)
    {
        const string DefaultClient = "sdk";
        var client = StreamClients.Get(args.String("client", DefaultClient));
        var push = StreamPayloads.Get(args.String("push", StreamPayloads.TickerUs.Name));
        var count = args.Long("count", 5_000_000);
        var samples = Math.Max(2, args.Int("samples", 10));
        var tolerance = args.Double("tolerance", 0.10);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(args.Double("timeout", 1800)));

        await server.PlanAsync(push.Name, count);
        var rows = new List<IReadOnlyList<string>>();
        var clock = Stopwatch.StartNew();
        long first = 0;
        long last = 0;
        await using (var session = await client.OpenAsync(server.BaseAddress, push, deadline.Token))
        {
            rows.Add(Sample("after subscribe", 0, clock));
            var step = count / samples;
            for (var i = 1; i <= samples; i++)
            {
                var n = i == samples ? count - (step * (samples - 1)) : step;
                await session.ReceiveAsync(n, deadline.Token);
                var heap = Heap();
                if (i == 1)
                {
                    first = heap;
                }

                last = heap;
                rows.Add(Sample($"step {i}", heap, clock, Math.Min(count, step * i)));
                Report.Progress($"[memory] {rows[^1][0]}: {rows[^1][2]} B after {rows[^1][1]} pushes");
            }
        }

        var growth = (double)(last - first) / first;
        var flat = growth <= tolerance;
        report.Line("## Memory flatness");
        report.Line();
        report.Line($"Client `{client.Name}`, push `{push.Name}`, {count:N0} pushes in one session, {samples} samples (full GC before each).");
        report.Line();
        report.Table(["sample", "pushes consumed", "managed bytes after full GC", "elapsed s"], rows);
        report.Line($"Growth from step 1 to the end: {last - first:N0} B, {growth:P1} (limit {tolerance:P0}): **{(flat ? "flat" : "NOT flat")}**.");
        report.Line();
        return flat;

        static long Heap()
        {
            Snapshot.Settle();
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        static IReadOnlyList<string> Sample(string label, long heap, Stopwatch clock, long consumed = 0) =>
            [label, consumed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), (heap == 0 ? Heap() : heap).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)];
    }
}
