using System.Diagnostics;
using MarketData.Client.Benchmarks.Fixtures;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>How the latency server waits for its next tick.</summary>
internal enum Pacing
{
    /// <summary><see cref="Thread.Yield"/> until the tick: precise, but the pushing thread stays runnable (a core when idle).</summary>
    Yield,

    /// <summary><see cref="Thread.Sleep(int)"/> of 1 ms, then whatever is due: no spinning, batches a little larger.</summary>
    Sleep,
}

/// <summary>What a latency session pushes: <c>Count</c> pushes at <c>Rate</c> per second, a batch per tick.</summary>
internal sealed record PacedPlan(long Count, long Rate, int TickMicros, Pacing Pacing);

/// <summary>
/// The latency server's push loop, on a thread of its own: at each tick it sends, in one write, every push due by then
/// (the rate is kept from the start of the session, so a late tick is made up by the next batch; a batch is at most
/// 10 ms of pushes), each push stamped with <see cref="Stopwatch.GetTimestamp"/> read just before the batch is laid out.
/// </summary>
internal static class PacedPusher
{
    public static void Run(Stream stream, SemaphoreSlim sendLock, PushFixture fixture, IReadOnlyList<string> symbols, PacedPlan plan, CancellationToken cancellationToken)
    {
        var stamp = PushStamp.For(fixture.Kind);
        var templates = symbols.Select(s => stamp.Template(fixture.Render(s))).ToArray();
        var maxBatch = (int)Math.Clamp(plan.Rate / 100, 1, 100_000);
        var buffer = new byte[maxBatch * templates.Max(t => t.Frame.Length)];
        var tick = Math.Max(1, Stopwatch.Frequency * plan.TickMicros / 1_000_000);
        var start = Stopwatch.GetTimestamp();
        var nextTick = start;
        long sent = 0;
        while (sent < plan.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Wait(nextTick, plan.Pacing);
            var now = Stopwatch.GetTimestamp();
            nextTick = start + (((now - start) / tick) + 1) * tick;
            var due = Math.Min(plan.Count, (long)((now - start) * (double)plan.Rate / Stopwatch.Frequency));
            var n = (int)Math.Min(due - sent, maxBatch);
            if (n <= 0)
            {
                continue;
            }

            var length = 0;
            var timestamp = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
            {
                var (frame, slot) = templates[(sent + i) % templates.Length];
                frame.CopyTo(buffer, length);
                PushStamp.Write(timestamp, buffer.AsSpan(length + slot, PushStamp.Digits));
                length += frame.Length;
            }

            sendLock.Wait(cancellationToken);
            try
            {
                stream.Write(buffer, 0, length);
            }
            finally
            {
                sendLock.Release();
            }

            sent += n;
        }
    }

    private static void Wait(long until, Pacing pacing)
    {
        if (pacing == Pacing.Sleep && Stopwatch.GetTimestamp() < until)
        {
            Thread.Sleep(1);
            return;
        }

        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.Yield();
        }
    }
}
