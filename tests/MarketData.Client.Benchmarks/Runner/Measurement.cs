using System.Diagnostics;
using System.Globalization;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>Process-wide counters at one instant: wall clock, allocated bytes (all threads), CPU time, GC counts.</summary>
internal readonly record struct Snapshot(long Timestamp, long AllocatedBytes, TimeSpan Cpu, int Gen0, int Gen1, int Gen2)
{
    public static Snapshot Take()
    {
        using var self = Process.GetCurrentProcess();
        return new Snapshot(
            Stopwatch.GetTimestamp(),
            GC.GetTotalAllocatedBytes(precise: true),
            self.TotalProcessorTime,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2));
    }

    /// <summary>A full, compacting, blocking collection so a measured run starts from a clean heap.</summary>
    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}

/// <summary>What one measured run of <see cref="Operations"/> operations (messages or calls) cost.</summary>
internal sealed record RunResult(long Operations, double Seconds, long AllocatedBytes, TimeSpan ClientCpu, TimeSpan? ServerCpu, int Gen0, int Gen1, int Gen2, long Bytes)
{
    public static RunResult Between(Snapshot start, Snapshot end, long operations, long bytes, TimeSpan? serverCpu) => new(
        operations,
        Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds,
        end.AllocatedBytes - start.AllocatedBytes,
        end.Cpu - start.Cpu,
        serverCpu,
        end.Gen0 - start.Gen0,
        end.Gen1 - start.Gen1,
        end.Gen2 - start.Gen2,
        bytes);

    public double PerSecond => Operations / Seconds;

    public double MegabytesPerSecond => Bytes / Seconds / 1_000_000;

    public double AllocatedPerOperation => (double)AllocatedBytes / Operations;

    public double ClientCpuMicrosPerOperation => ClientCpu.TotalMicroseconds / Operations;

    public double? ServerCpuMicrosPerOperation => ServerCpu?.TotalMicroseconds / Operations;

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Operations:N0} in {Seconds:0.000} s: {PerSecond:N0}/s, {(Bytes > 0 ? $"{MegabytesPerSecond:0.0} MB/s, " : string.Empty)}{AllocatedPerOperation:0.0} B/op, client CPU {ClientCpuMicrosPerOperation:0.000} µs/op{(ServerCpuMicrosPerOperation is { } s ? $", server CPU {s:0.000} µs/op" : string.Empty)}, GC {Gen0}/{Gen1}/{Gen2}");
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Nearest-rank percentile of latencies in Stopwatch ticks, in microseconds.</summary>
    public static double PercentileMicros(long[] ticks, int count, double percentile)
    {
        if (count == 0)
        {
            return double.NaN;
        }

        var sorted = ticks.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100 * count) - 1;
        return sorted[Math.Clamp(rank, 0, count - 1)] * 1_000_000.0 / Stopwatch.Frequency;
    }

    public static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
