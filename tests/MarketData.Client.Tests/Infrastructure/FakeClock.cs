using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// The fake clock of the tests: a <see cref="FakeTimeProvider"/> that records every timer the code under test creates
/// (Polly delays, timeouts, the simulator's latency), so a test awaits "the code is now waiting" (a timer of a given
/// length is scheduled) instead of sleeping, advances time exactly to it, and knows synchronously whether it fired
/// (FakeTimeProvider runs timer callbacks inside <see cref="FakeTimeProvider.Advance"/>).
/// </summary>
internal sealed class FakeClock : FakeTimeProvider
{
    /// <summary>The default start: a whole second, so HTTP dates (second precision) are exact.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 3, 12, 9, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly List<ScheduledTimer> _timers = [];
    private readonly List<(Func<TimeSpan, bool> Matches, TaskCompletionSource<ScheduledTimer> Signal)> _waiters = [];

    public FakeClock()
        : this(Epoch)
    {
    }

    public FakeClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Every timer created so far, in order.</summary>
    public IReadOnlyList<ScheduledTimer> Timers
    {
        get
        {
            lock (_gate)
            {
                return [.. _timers];
            }
        }
    }

    /// <summary>How far the clock has been advanced.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var record = new ScheduledTimer(dueTime, GetUtcNow());
        var inner = base.CreateTimer(
            s =>
            {
                record.Fired = true;
                callback(s);
            },
            state,
            dueTime,
            period);
        var timer = new RecordingTimer(inner, record, this);
        lock (_gate)
        {
            _timers.Add(record);
            SignalWaiters(record);
        }

        return timer;
    }

    /// <summary>A timer created with no due time and started later (Polly's pooled CancellationTokenSources): waiters see it now.</summary>
    private void Rescheduled(ScheduledTimer record)
    {
        lock (_gate)
        {
            SignalWaiters(record);
        }
    }

    private void SignalWaiters(ScheduledTimer record)
    {
        if (!record.IsPending)
        {
            return;
        }

        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Matches(record.DueTime))
            {
                _waiters[i].Signal.TrySetResult(record);
                _waiters.RemoveAt(i);
            }
        }
    }

    /// <summary>Completes when a pending timer of exactly <paramref name="dueTime"/> exists; fails after 10 s of real time.</summary>
    public Task<ScheduledTimer> WaitForTimerAsync(TimeSpan dueTime) => WaitForTimerAsync(due => due == dueTime);

    /// <summary>Completes when a pending timer whose due time matches exists; fails after 10 s of real time.</summary>
    public Task<ScheduledTimer> WaitForTimerAsync(Func<TimeSpan, bool> matches)
    {
        lock (_gate)
        {
            if (_timers.FirstOrDefault(t => t.IsPending && matches(t.DueTime)) is { } existing)
            {
                return Task.FromResult(existing);
            }

            var signal = new TaskCompletionSource<ScheduledTimer>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((matches, signal));
            return signal.Task.WaitAsync(SignalTimeout);
        }
    }

    /// <summary>Waits until a timer of <paramref name="dueTime"/> is scheduled, then advances time exactly to its due time.</summary>
    public async Task<ScheduledTimer> AdvanceThroughAsync(TimeSpan dueTime)
    {
        var timer = await WaitForTimerAsync(dueTime);
        Advance(timer.DueAt - GetUtcNow());
        return timer;
    }

    /// <summary>One timer the code under test created.</summary>
    internal sealed class ScheduledTimer(TimeSpan dueTime, DateTimeOffset createdAt)
    {
        public TimeSpan DueTime { get; private set; } = dueTime;

        public DateTimeOffset CreatedAt { get; private set; } = createdAt;

        public DateTimeOffset DueAt => CreatedAt + DueTime;

        public bool Fired { get; set; }

        public bool Disposed { get; set; }

        public bool IsPending => !Fired && !Disposed && DueTime != Timeout.InfiniteTimeSpan;

        public void Reschedule(TimeSpan dueTime, DateTimeOffset now)
        {
            DueTime = dueTime;
            CreatedAt = now;
        }
    }

    private sealed class RecordingTimer(ITimer inner, ScheduledTimer record, FakeClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            record.Reschedule(dueTime, clock.GetUtcNow());
            var changed = inner.Change(dueTime, period);
            clock.Rescheduled(record);
            return changed;
        }

        public void Dispose()
        {
            record.Disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            record.Disposed = true;
            return inner.DisposeAsync();
        }
    }
}
