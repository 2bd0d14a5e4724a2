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

    /// <summary>Holds <paramref name="message"/>; past a bound, <see cref="TryTrimOldest"/> pushes out the oldest.</summary>
    public void Add(StreamMessage message, int frameBytes)
    {
        _queue.Enqueue((message, frameBytes));
        _bytes += frameBytes;
    }

    /// <summary>While the hold is past its count or byte bound, takes out the oldest held push (counted in <see cref="Overflowed"/>).</summary>
    public bool TryTrimOldest([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamMessage? oldest)
    {
        if (_queue.Count > _maxCount || _bytes > _maxBytes)
        {
            var (message, bytes) = _queue.Dequeue();
            _bytes -= bytes;
            Overflowed++;
            oldest = message;
            return true;
        }

        oldest = null;
        return false;
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
}
