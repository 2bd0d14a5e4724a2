using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Simulator;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that signals when a timer is created, so a test advances the clock exactly when
/// the code under test has started waiting (a retry delay, a Retry-After wait, a timeout) instead of guessing.
/// </summary>
internal sealed class SignallingTimeProvider : FakeTimeProvider
{
    private readonly object _lock = new();
    private readonly List<TimeSpan> _created = [];
    private readonly List<TimeSpan> _unclaimed = [];
    private readonly List<(TimeSpan Due, TaskCompletionSource Signal)> _waiters = [];

    public SignallingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Every due time of a timer created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> CreatedTimers
    {
        get
        {
            lock (_lock)
            {
                return [.. _created];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Started(dueTime);
        return new StartSignallingTimer(timer, this);
    }

    private void Started(TimeSpan dueTime)
    {
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            _created.Add(dueTime);
            var claimed = false;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Due == dueTime)
                {
                    ready.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                    claimed = true;
                }
            }

            if (!claimed)
            {
                _unclaimed.Add(dueTime);
            }
        }

        ready.ForEach(s => s.TrySetResult());
    }

    /// <summary>Completes once a timer with exactly this due time has been created (now, or before and not yet waited for).</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_unclaimed.Remove(dueTime))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((dueTime, signal));
        }

        return signal.Task.WaitAsync(SimulatorKit.Guard);
    }

    /// <summary>A timer started later by <see cref="ITimer.Change"/> (Polly's pooled CancellationTokenSources) signals like a new one.</summary>
    private sealed class StartSignallingTimer(ITimer inner, SignallingTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Started(dueTime);
            }

            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
