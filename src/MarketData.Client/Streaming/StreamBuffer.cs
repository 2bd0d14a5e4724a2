using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MarketData.Client.Diagnostics;

namespace MarketData.Client.Streaming;

/// <summary>
/// The bounded buffer between the socket and the app (a <see cref="Channel{T}"/> of <see cref="MarketDataStreamOptions.BufferCapacity"/>).
/// Several writers (the connections of a pool), several readers.
/// </summary>
internal abstract class StreamBuffer
{
    private long _dropped;
    private int _writes;

    public long Dropped => Interlocked.Read(ref _dropped);

    public abstract int Count { get; }

    /// <summary>Where drops are counted.</summary>
    public MarketDataTelemetry Telemetry { get; private init; } = MarketDataTelemetry.Shared;

    public static StreamBuffer Create(int capacity, StreamBackpressureMode mode, MarketDataTelemetry? telemetry = null) => mode switch
    {
        StreamBackpressureMode.DropOldestTicker => new ConflatingStreamBuffer(capacity) { Telemetry = telemetry ?? MarketDataTelemetry.Shared },
        _ => new WaitingStreamBuffer(capacity) { Telemetry = telemetry ?? MarketDataTelemetry.Shared },
    };

    /// <summary>Adds a message; completes later than called only when the policy applies backpressure.</summary>
    public abstract ValueTask WriteAsync(StreamMessage message, CancellationToken cancellationToken);

    public abstract void Complete(Exception? error = null);

    public async IAsyncEnumerable<StreamMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var message))
            {
                yield return message;
            }
        }
    }

    public async IAsyncEnumerable<T> ReadAllAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : StreamMessage
    {
        while (await WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var message))
            {
                if (message is T typed)
                {
                    yield return typed;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="WaitToReadAsync"/> after a short bounded spin: a consumer that keeps up finds the buffer empty after nearly
    /// every message, and parking it costs a thread-pool wake-up (microseconds) per message, more than decoding one. The spin
    /// ends at the first message, after a few microseconds, or on a single core. It stops before <see cref="SpinWait"/> would
    /// yield the processor: on a busy machine a yield hands the core to another process for a whole time slice (about 10 ms
    /// measured on 2 loaded cores), which every wait of every reader then paid.
    /// </summary>
    private ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (Environment.ProcessorCount > 1 && !cancellationToken.IsCancellationRequested)
        {
            // Spin on a plain counter, not on the channel (its Count takes the lock the writer needs).
            var seen = Volatile.Read(ref _writes);
            if (Count > 0)
            {
                return new ValueTask<bool>(true);
            }

            var spinner = default(SpinWait);
            while (!spinner.NextSpinWillYield)
            {
                spinner.SpinOnce();
                if (Volatile.Read(ref _writes) != seen)
                {
                    return new ValueTask<bool>(true);
                }
            }
        }

        return WaitToReadAsync(cancellationToken);
    }

    public abstract bool TryRead([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamMessage? message);

    protected abstract ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken);

    /// <summary>Tells a spinning reader that a message went in (a hint: the reader still reads the channel).</summary>
    protected void Written() => Volatile.Write(ref _writes, _writes + 1);

    protected void CountDrop(StreamMessage dropped)
    {
        Interlocked.Increment(ref _dropped);
        Telemetry.StreamDropped.Add(1, new TagList { { "marketdata.stream.channel", ChannelTag(dropped.Channel) }, { "marketdata.stream.drop_reason", "backpressure" } });
    }

    internal static string ChannelTag(StreamChannel channel) => channel switch
    {
        StreamChannel.Ticker => "ticker",
        StreamChannel.Depth => "depth",
        _ => "trade",
    };

    /// <summary>Default policy: a full buffer makes the writer (the receive loop) wait, which stops reading the socket.</summary>
    private sealed class WaitingStreamBuffer : StreamBuffer
    {
        private readonly Channel<StreamMessage> _channel;

        public WaitingStreamBuffer(int capacity) =>
            _channel = Channel.CreateBounded<StreamMessage>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });

        public override int Count => _channel.Reader.Count;

        public override ValueTask WriteAsync(StreamMessage message, CancellationToken cancellationToken)
        {
            if (_channel.Writer.TryWrite(message))
            {
                Written();
                return default;
            }

            return WriteSlowAsync(message, cancellationToken);
        }

        public override void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

        public override bool TryRead([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamMessage? message) => _channel.Reader.TryRead(out message);

        protected override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

        private async ValueTask WriteSlowAsync(StreamMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await _channel.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                // The stream is closing: the message has nowhere to go.
            }
        }
    }

    /// <summary>
    /// <see cref="StreamBackpressureMode.DropOldestTicker"/>: when full, a ticker replaces the newest buffered ticker of the same
    /// symbol, else the oldest buffered ticker (each replaced one is counted as dropped); depth and trade messages, and a
    /// ticker when only depth and trade messages are buffered, wait.
    /// </summary>
    private sealed class ConflatingStreamBuffer : StreamBuffer
    {
        private readonly Channel<Slot> _channel;
        private readonly object _sync = new();
        private readonly Dictionary<string, Slot> _tickerBySymbol = new(StringComparer.Ordinal);
        private readonly LinkedList<Slot> _tickers = new();

        public ConflatingStreamBuffer(int capacity) =>
            _channel = Channel.CreateBounded<Slot>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });

        public override int Count => _channel.Reader.Count;

        public override ValueTask WriteAsync(StreamMessage message, CancellationToken cancellationToken)
        {
            var slot = new Slot(message);
            if (message is not TickerUpdate ticker)
            {
                if (_channel.Writer.TryWrite(slot))
                {
                    Written();
                    return default;
                }

                return WriteSlowAsync(slot, cancellationToken);
            }

            StreamMessage? dropped = null;
            lock (_sync)
            {
                if (_channel.Writer.TryWrite(slot))
                {
                    Track(slot, ticker);
                    Written();
                    return default;
                }

                if (_tickerBySymbol.TryGetValue(ticker.Symbol, out var same))
                {
                    dropped = same.Message;
                    same.Message = ticker;
                }
                else if (_tickers.First is { } oldest)
                {
                    var victim = oldest.Value;
                    dropped = victim.Message!;
                    if (_tickerBySymbol.TryGetValue(dropped.Symbol, out var tracked) && ReferenceEquals(tracked, victim))
                    {
                        _tickerBySymbol.Remove(dropped.Symbol);
                    }

                    victim.Message = ticker;
                    _tickerBySymbol[ticker.Symbol] = victim;
                }
                else
                {
                    // Only depth and trade messages buffered: they are never dropped, so wait.
                    Track(slot, ticker);
                }
            }

            if (dropped is not null)
            {
                CountDrop(dropped);
                return default;
            }

            return WriteSlowAsync(slot, cancellationToken);
        }

        public override void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

        public override bool TryRead([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamMessage? message)
        {
            while (_channel.Reader.TryRead(out var slot))
            {
                lock (_sync)
                {
                    message = slot.Message;
                    slot.Message = null;
                    if (slot.Node is { } node)
                    {
                        _tickers.Remove(node);
                        slot.Node = null;
                        if (message is not null && _tickerBySymbol.TryGetValue(message.Symbol, out var tracked) && ReferenceEquals(tracked, slot))
                        {
                            _tickerBySymbol.Remove(message.Symbol);
                        }
                    }
                }

                if (message is not null)
                {
                    return true;
                }
            }

            message = null;
            return false;
        }

        protected override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

        private void Track(Slot slot, TickerUpdate ticker)
        {
            slot.Node = _tickers.AddLast(slot);
            _tickerBySymbol[ticker.Symbol] = slot;
        }

        private async ValueTask WriteSlowAsync(Slot slot, CancellationToken cancellationToken)
        {
            try
            {
                await _channel.Writer.WriteAsync(slot, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                // The stream is closing: the message has nowhere to go.
            }
            catch (OperationCanceledException)
            {
                Untrack(slot);
                throw;
            }
        }

        private void Untrack(Slot slot)
        {
            lock (_sync)
            {
                if (slot.Node is { } node)
                {
                    _tickers.Remove(node);
                    slot.Node = null;
                    if (slot.Message is { } m && _tickerBySymbol.TryGetValue(m.Symbol, out var tracked) && ReferenceEquals(tracked, slot))
                    {
                        _tickerBySymbol.Remove(m.Symbol);
                    }
                }
            }
        }

        private sealed class Slot(StreamMessage message)
        {
            public StreamMessage? Message { get; set; } = message;

            public LinkedListNode<Slot>? Node { get; set; }
        }
    }
}
