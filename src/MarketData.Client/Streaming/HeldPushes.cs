namespace MarketData.Client.Streaming;

/// <summary>
/// The pushes a new connection holds back until its resubscribe is answered, bounded by count and by bytes: past either
/// bound the oldest held push is discarded (the freshest data survives). A push is counted at the length of its frame.
/// Touched by the receive loop only, then by the session once that loop has ended.
/// </summary>
internal sealed class HeldPushes
{
    /// <summary>The byte budget is this many times <see cref="MarketDataStreamOptions.MaxMessageBytes"/> (16 MiB by default), so a few messages of the largest size always fit.</summary>
    public const int BytesPerMaxMessage = 4;

    private readonly Queue<(StreamMessage Message, int Bytes)> _queue = new();
    private readonly int _maxCount;
    private readonly long _maxBytes;
    private long _bytes;

    public HeldPushes(int maxCount, long maxBytes)
    {
        _maxCount = maxCount;
        _maxBytes = maxBytes;
    }

    public int Count => _queue.Count;

    /// <summary>Pushes discarded because the bound was reached, since the hold began.</summary>
    public long Overflowed { get; private set; }

    public static HeldPushes For(MarketDataStreamOptions settings) =>
        new(settings.BufferCapacity, (long)settings.MaxMessageBytes * BytesPerMaxMessage);

    /// <summary>Holds <paramref name="message"/> and returns the held pushes it pushed out (oldest first), if any.</summary>
    public List<StreamMessage>? Add(StreamMessage message, int frameBytes)
    {
        _queue.Enqueue((message, frameBytes));
        _bytes += frameBytes;
        List<StreamMessage>? discarded = null;
        while (_queue.Count > _maxCount || _bytes > _maxBytes)
        {
            var (oldest, bytes) = _queue.Dequeue();
            _bytes -= bytes;
            (discarded ??= []).Add(oldest);
        }

        Overflowed += discarded?.Count ?? 0;
        return discarded;
    }

    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamMessage? message)
    {
        if (_queue.TryDequeue(out var held))
        {
            _bytes -= held.Bytes;
            message = held.Message;
            return true;
        }

        message = null;
        return false;
    }

    /// <summary>Empties the hold and returns what it held (the connection failed before the resubscribe completed).</summary>
    public List<StreamMessage> TakeAll()
    {
        var all = _queue.Select(h => h.Message).ToList();
        _queue.Clear();
        _queue.TrimExcess();
        _bytes = 0;
        return all;
    }
}
