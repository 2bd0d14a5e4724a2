using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using MarketData.Client.Diagnostics;

namespace MarketData.Client.Streaming;

/// <summary>
/// The bounded buffer between the socket and the app: one lane of <see cref="MarketDataStreamOptions.BufferCapacity"/>
/// pushes per channel. A typed read takes its channel's lane; <see cref="ReadAllAsync"/> takes, in arrival order, from
/// the lanes no typed read is taking. Several writers (the connections of a pool), several readers.
/// <para>
/// A full lane applies the backpressure mode (the writer waits, or a ticker is conflated), except a lane that nobody is
/// reading while another lane is read: there the oldest push makes room and is counted as dropped (<see cref="NoReaderReason"/>),
/// so a channel the app does not read cannot stall the session, and nothing is discarded by another channel's reader.
/// </para>
/// </summary>
internal sealed class StreamBuffer
{
    /// <summary>The drop reason of a push pushed out of a full lane that no reader was taking while another lane was read.</summary>
    public const string NoReaderReason = "no_reader";

    private const int Lanes = 3;

    private readonly object _sync = new();
    private readonly StreamLane[] _lanes;
    private readonly int[] _typedReaders = new int[Lanes];
    private readonly List<StreamBufferReader> _waitingReaders = [];
    private readonly List<TaskCompletionSource> _blockedWriters = [];
    private int _allReaders;
    private long _sequence;
    private long _dropped;
    private int _count;
    private int _writes;
    private bool _completed;
    private Exception? _error;

    private StreamBuffer(int capacity, bool conflateTickers, MarketDataTelemetry telemetry)
    {
        _lanes = [new StreamLane(capacity, conflateTickers), new StreamLane(capacity, conflate: false), new StreamLane(capacity, conflate: false)];
        Telemetry = telemetry;
    }

    private enum Placement
    {
        Stored,
        Full,
        Closed,
    }

    private enum Take
    {
        Taken,
        Empty,
        Armed,
        Ended,
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Pushes buffered, all channels together.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Where drops are counted.</summary>
    public MarketDataTelemetry Telemetry { get; }

    public static StreamBuffer Create(int capacity, StreamBackpressureMode mode, MarketDataTelemetry? telemetry = null) =>
        new(capacity, mode == StreamBackpressureMode.DropOldestTicker, telemetry ?? MarketDataTelemetry.Shared);

    internal static string ChannelTag(StreamChannel channel) => channel switch
    {
        StreamChannel.Ticker => "ticker",
        StreamChannel.Depth => "depth",
        _ => "trade",
    };

    /// <summary>Adds a push; completes later than called only when its lane is full and the backpressure mode makes the writer wait.</summary>
    public ValueTask WriteAsync(StreamMessage message, CancellationToken cancellationToken)
    {
        StreamMessage? dropped;
        string? reason;
        Placement placement;
        lock (_sync)
        {
            placement = Place(message, out dropped, out reason);
        }

        CountDrop(dropped, reason);
        return placement == Placement.Full ? WriteSlowAsync(message, cancellationToken) : default;
    }

    /// <summary>Ends the readers once they have taken what is buffered for them (with <paramref name="error"/>, if any); later writes are ignored.</summary>
    public void Complete(Exception? error = null)
    {
        lock (_sync)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _error = error;
            foreach (var reader in _waitingReaders)
            {
                reader.Wake();
            }

            _waitingReaders.Clear();
            ReleaseWriters();
        }
    }

    /// <summary>Every push in arrival order, except those of a channel a typed read is taking.</summary>
    public IAsyncEnumerable<StreamMessage> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadLanesAsync<StreamMessage>(channel: null, cancellationToken);

    /// <summary>The pushes of <paramref name="channel"/> in arrival order.</summary>
    public IAsyncEnumerable<T> ReadAsync<T>(StreamChannel channel, CancellationToken cancellationToken = default)
        where T : StreamMessage =>
        ReadLanesAsync<T>(channel, cancellationToken);

    private async IAsyncEnumerable<T> ReadLanesAsync<T>(StreamChannel? channel, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : StreamMessage
    {
        var reader = new StreamBufferReader(channel);
        Register(reader, +1);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var seen = Volatile.Read(ref _writes);
                var take = TryTake(reader, arm: false, out var message, out _);
                if (take == Take.Empty && Spin(seen))
                {
                    continue;
                }

                if (take == Take.Empty)
                {
                    take = TryTake(reader, arm: true, out message, out var wait);
                    if (take == Take.Armed)
                    {
                        await WaitAsync(reader, wait, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                if (take == Take.Ended)
                {
                    if (_error is { } error)
                    {
                        ExceptionDispatchInfo.Throw(error);
                    }

                    yield break;
                }

                yield return (T)message!;
            }
        }
        finally
        {
            Register(reader, -1);
        }
    }

    /// <summary>
    /// A short bounded spin before parking: a reader that keeps up finds its lane empty after nearly every push, and parking
    /// costs a thread-pool wake-up (microseconds) per push, more than decoding one. The spin ends at the next write, after a
    /// few microseconds, or at once on a single core. It stops before <see cref="SpinWait"/> would yield the processor: on a
    /// busy machine a yield hands the core to another process for a whole time slice (about 10 ms measured on 2 loaded
    /// cores), which every wait of every reader then paid. Returns whether something was written meanwhile.
    /// </summary>
    private bool Spin(int seen)
    {
        if (Environment.ProcessorCount == 1 || Volatile.Read(ref _completed))
        {
            return false;
        }

        var spinner = default(SpinWait);
        while (!spinner.NextSpinWillYield)
        {
            spinner.SpinOnce();
            if (Volatile.Read(ref _writes) != seen)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask WaitAsync(StreamBufferReader reader, ValueTask<bool> wait, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            await wait.ConfigureAwait(false);
            return;
        }

        using (cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var (buffer, waiting) = ((StreamBuffer, StreamBufferReader))state!;
                buffer.Cancel(waiting, token);
            },
            (this, reader)))
        {
            await wait.ConfigureAwait(false);
        }
    }

    private void Cancel(StreamBufferReader reader, CancellationToken token)
    {
        lock (_sync)
        {
            if (reader.Waiting)
            {
                _waitingReaders.Remove(reader);
                reader.Fail(new OperationCanceledException(token));
            }
        }
    }

    private void Register(StreamBufferReader reader, int delta)
    {
        lock (_sync)
        {
            if (reader.Channel is { } channel)
            {
                _typedReaders[(int)channel] += delta;
            }
            else
            {
                _allReaders += delta;
            }

            // Who takes which lane changed: a reader of every channel may now take a lane a typed read left, and a writer
            // waiting on a lane that has lost (or found) its reader decides again.
            WakeReaders(reader.Channel);
            ReleaseWriters();
        }
    }

    /// <summary>Takes the oldest push this reader may take; else, with <paramref name="arm"/>, starts its wait (under the lock, so no write is missed).</summary>
    private Take TryTake(StreamBufferReader reader, bool arm, out StreamMessage? message, out ValueTask<bool> wait)
    {
        wait = default;
        lock (_sync)
        {
            var lane = LaneFor(reader);
            if (lane is not null)
            {
                message = lane.Dequeue();
                _count--;
                ReleaseWriters();
                return Take.Taken;
            }

            message = null;
            if (_completed)
            {
                return Take.Ended;
            }

            if (!arm)
            {
                return Take.Empty;
            }

            wait = reader.Arm();
            _waitingReaders.Add(reader);
            return Take.Armed;
        }
    }

    /// <summary>The non-empty lane whose oldest push is the reader's next: its own channel's, or the oldest of the lanes no typed read takes.</summary>
    private StreamLane? LaneFor(StreamBufferReader reader)
    {
        if (reader.Channel is { } channel)
        {
            var own = _lanes[(int)channel];
            return own.Count > 0 ? own : null;
        }

        StreamLane? oldest = null;
        for (var i = 0; i < Lanes; i++)
        {
            var lane = _lanes[i];
            if (lane.Count > 0 && _typedReaders[i] == 0 && (oldest is null || lane.HeadSequence < oldest.HeadSequence))
            {
                oldest = lane;
            }
        }

        return oldest;
    }

    private Placement Place(StreamMessage message, out StreamMessage? dropped, out string? reason)
    {
        dropped = null;
        reason = null;
        if (_completed)
        {
            return Placement.Closed;
        }

        var index = (int)message.Channel;
        var lane = _lanes[index];
        if (lane.IsFull)
        {
            if (lane.Conflates && message is TickerUpdate ticker)
            {
                dropped = lane.Conflate(ticker);
                reason = "backpressure";
                return Placement.Stored;
            }

            var read = _typedReaders[index] > 0 || _allReaders > 0;
            var anyRead = _allReaders > 0 || _typedReaders[0] + _typedReaders[1] + _typedReaders[2] > 0;
            if (read || !anyRead)
            {
                return Placement.Full;
            }

            dropped = lane.Dequeue();
            reason = NoReaderReason;
            _count--;
        }

        lane.Enqueue(++_sequence, message);
        _count++;
        _writes++;
        WakeReaders(message.Channel);
        return Placement.Stored;
    }

    /// <summary>Wakes the waiting readers that may now have something: the typed readers of <paramref name="channel"/> and the readers of every channel (a null channel: all of them).</summary>
    private void WakeReaders(StreamChannel? channel)
    {
        for (var i = _waitingReaders.Count - 1; i >= 0; i--)
        {
            var reader = _waitingReaders[i];
            if (channel is null || reader.Channel is null || reader.Channel == channel)
            {
                reader.Wake();
                _waitingReaders.RemoveAt(i);
            }
        }
    }

    /// <summary>Lets every writer waiting for room try again (under the lock; they continue on the thread pool).</summary>
    private void ReleaseWriters()
    {
        if (_blockedWriters.Count == 0)
        {
            return;
        }

        foreach (var writer in _blockedWriters)
        {
            writer.TrySetResult();
        }

        _blockedWriters.Clear();
    }

    private async ValueTask WriteSlowAsync(StreamMessage message, CancellationToken cancellationToken)
    {
        while (true)
        {
            var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            StreamMessage? dropped;
            string? reason;
            Placement placement;
            lock (_sync)
            {
                placement = Place(message, out dropped, out reason);
                if (placement == Placement.Full)
                {
                    _blockedWriters.Add(room);
                }
            }

            CountDrop(dropped, reason);
            if (placement != Placement.Full)
            {
                // Stored, or the stream is closing and the push has nowhere to go.
                return;
            }

            try
            {
                await room.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_sync)
                {
                    _blockedWriters.Remove(room);
                }

                throw;
            }
        }
    }

    private void CountDrop(StreamMessage? dropped, string? reason)
    {
        if (dropped is null)
        {
            return;
        }

        Interlocked.Increment(ref _dropped);
        Telemetry.StreamDropped.Add(1, new TagList { { "marketdata.stream.channel", ChannelTag(dropped.Channel) }, { "marketdata.stream.drop_reason", reason } });
    }
}
