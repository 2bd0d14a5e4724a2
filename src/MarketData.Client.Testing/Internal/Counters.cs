namespace MarketData.Client.Testing.Internal;

/// <summary>Thread-safe counters by key, with awaitable thresholds (so tests wait on a signal, never on the clock).</summary>
internal sealed class Counters
{
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<(string Key, int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _total;

    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    public int Get(string key)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(key);
        }
    }

    public IReadOnlyDictionary<string, int> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    public void Increment(string key)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            var count = _counts.GetValueOrDefault(key) + 1;
            _counts[key] = count;
            _total++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Key == key && count >= _waiters[i].Count)
                {
                    (ready ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(s => s.TrySetResult());
    }

    public Task WaitAsync(string key, int count, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_counts.GetValueOrDefault(key) >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((key, count, signal));
        }

        return signal.Task.WaitAsync(cancellationToken);
    }

    public void Reset()
    {
        lock (_lock)
        {
            _counts.Clear();
            _total = 0;
        }
    }
}
