namespace MarketData.Client.Streaming;

/// <summary>
/// The buffered pushes of one channel, oldest first, each with its arrival number (a ring of at most the buffer's capacity).
/// With conflation (<see cref="StreamBackpressureMode.DropOldestTicker"/>, ticker lane) it also knows the newest buffered
/// ticker of each symbol. Not thread-safe: <see cref="StreamBuffer"/> touches it under its lock.
/// </summary>
internal sealed class StreamLane
{
    private readonly int _capacity;
    private readonly Dictionary<string, long>? _newestBySymbol;
    private Entry[] _entries;
    private int _head;
    private long _taken;

    public StreamLane(int capacity, bool conflate)
    {
        _capacity = capacity;
        _entries = new Entry[Math.Min(capacity, 64)];
        _newestBySymbol = conflate ? new Dictionary<string, long>(StringComparer.Ordinal) : null;
    }

    public int Count { get; private set; }

    public bool IsFull => Count == _capacity;

    public bool Conflates => _newestBySymbol is not null;

    /// <summary>The arrival number of the oldest push (the lane must not be empty).</summary>
    public long HeadSequence => _entries[_head].Sequence;

    public void Enqueue(long sequence, StreamMessage message)
    {
        if (Count == _entries.Length)
        {
            Grow();
        }

        _entries[(_head + Count) % _entries.Length] = new Entry(sequence, message);
        if (_newestBySymbol is not null)
        {
            _newestBySymbol[message.Symbol] = _taken + Count;
        }

        Count++;
    }

    public StreamMessage Dequeue()
    {
        ref var entry = ref _entries[_head];
        var message = entry.Message!;
        entry = default;
        if (_newestBySymbol is not null && _newestBySymbol.TryGetValue(message.Symbol, out var newest) && newest == _taken)
        {
            _newestBySymbol.Remove(message.Symbol);
        }

        _head = (_head + 1) % _entries.Length;
        Count--;
        _taken++;
        return message;
    }

    /// <summary>
    /// Puts <paramref name="ticker"/> in the place of the newest buffered ticker of its symbol, else of the oldest buffered
    /// ticker, and returns the replaced one (the lane must be a full conflating lane).
    /// </summary>
    public StreamMessage Conflate(TickerUpdate ticker)
    {
        var newest = _newestBySymbol!;
        if (!newest.TryGetValue(ticker.Symbol, out var position))
        {
            position = _taken;
            var oldestSymbol = _entries[_head].Message!.Symbol;
            if (newest.TryGetValue(oldestSymbol, out var tracked) && tracked == position)
            {
                newest.Remove(oldestSymbol);
            }

            newest[ticker.Symbol] = position;
        }

        ref var entry = ref _entries[(_head + (int)(position - _taken)) % _entries.Length];
        var replaced = entry.Message!;
        entry = entry with { Message = ticker };
        return replaced;
    }

    private void Grow()
    {
        var bigger = new Entry[Math.Min(_entries.Length * 2, _capacity)];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _entries[(_head + i) % _entries.Length];
        }

        _entries = bigger;
        _head = 0;
    }

    private record struct Entry(long Sequence, StreamMessage? Message);
}
