using System.Threading.Tasks.Sources;

namespace MarketData.Client.Streaming;

/// <summary>
/// One enumeration of a <see cref="StreamBuffer"/>: which channel it reads (null: every channel) and the reusable wait it
/// parks on when nothing is buffered for it. <see cref="Waiting"/> is guarded by the buffer's lock; whoever turns it off
/// completes the wait, exactly once.
/// </summary>
internal sealed class StreamBufferReader : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    public StreamBufferReader(StreamChannel? channel) => Channel = channel;

    /// <summary>The channel of a typed read; null for <see cref="StreamBuffer.ReadAllAsync"/>.</summary>
    public StreamChannel? Channel { get; }

    public bool Waiting { get; private set; }

    /// <summary>Starts a wait (under the buffer's lock).</summary>
    public ValueTask<bool> Arm()
    {
        _core.Reset();
        Waiting = true;
        return new ValueTask<bool>(this, _core.Version);
    }

    /// <summary>Ends the wait (under the buffer's lock): something to read, or the end. Continuations run on the thread pool.</summary>
    public void Wake()
    {
        Waiting = false;
        _core.SetResult(true);
    }

    /// <summary>Ends the wait with <paramref name="error"/> (under the buffer's lock).</summary>
    public void Fail(Exception error)
    {
        Waiting = false;
        _core.SetException(error);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
