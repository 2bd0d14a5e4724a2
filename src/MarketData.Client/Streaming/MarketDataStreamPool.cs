using MarketData.Client.Diagnostics;
using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>
/// Streams more symbols than one connection may carry: subscriptions fill one <see cref="MarketDataStream"/> up to
/// <see cref="MarketDataStreamOptions.MaxSubscriptionsPerConnection"/> (or until the server answers 3004 for it), then the
/// next connection is opened, up to <see cref="MarketDataStreamOptions.MaxConnections"/>. All connections deliver into one
/// buffer, read with <see cref="ReadAllAsync"/>. Each connection reconnects and resubscribes on its own. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var options = new MarketDataClientOptions { ApiKey = "...", Streaming = { MaxConnections = 3, MaxSubscriptionsPerConnection = 300 } };
/// await using var pool = new MarketDataStreamPool(options);
/// await pool.ConnectAsync();
/// await pool.SubscribeAsync(StreamChannel.Ticker, thousandSymbols);
/// await foreach (var message in pool.ReadAllAsync()) { /* ... */ }
/// </code>
/// </example>
public sealed partial class MarketDataStreamPool : IAsyncDisposable
{
    private readonly MarketDataClientOptions _options;
    private readonly StreamBuffer _buffer;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly List<MarketDataStream> _streams = [];
    private readonly Dictionary<MarketDataStream, int> _capacity = [];
    private readonly Dictionary<(StreamChannel Channel, string Symbol), MarketDataStream> _assigned = new(SubscriptionKeyComparer.Instance);
    private bool _connectRequested;
    private int _disposed;

    /// <summary>Creates a pool (no connection is opened until <see cref="ConnectAsync"/> or the first subscription).</summary>
    /// <param name="options">The options, as for <see cref="MarketDataStream"/>; <see cref="MarketDataStreamOptions.MaxConnections"/> and <see cref="MarketDataStreamOptions.MaxSubscriptionsPerConnection"/> size the pool. Validated here; the pool keeps a copy.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public MarketDataStreamPool(MarketDataClientOptions options)
        : this(MarketDataClientOptions.ValidatedCopy(options), telemetry: null)
    {
    }

    /// <param name="validatedCopy">Options from <see cref="MarketDataClientOptions.ValidatedCopy"/>, used as they are (the connections share them).</param>
    /// <param name="telemetry">The instruments to record to; null for the static ones (no dependency injection).</param>
    internal MarketDataStreamPool(MarketDataClientOptions validatedCopy, MarketDataTelemetry? telemetry)
    {
        _options = validatedCopy;
        _buffer = StreamBuffer.Create(_options.Streaming.BufferCapacity, _options.Streaming.BackpressureMode, telemetry);
    }

    /// <summary>Raised for every state change of every connection; <see cref="StreamStateChangedEventArgs.ConnectionIndex"/> says which.</summary>
    public event EventHandler<StreamStateChangedEventArgs>? StateChanged;

    /// <summary>Raised for every unsolicited error of every connection (see <see cref="MarketDataStream.Error"/>).</summary>
    public event EventHandler<StreamErrorEventArgs>? Error;

    /// <summary>The connections opened so far, in order (index = <see cref="StreamStateChangedEventArgs.ConnectionIndex"/>).</summary>
    public IReadOnlyList<MarketDataStream> Connections
    {
        get
        {
            lock (_streams)
            {
                return [.. _streams];
            }
        }
    }

    /// <summary>The subscriptions of every connection.</summary>
    public IReadOnlyList<StreamSubscription> Subscriptions => Connections.SelectMany(s => s.Subscriptions).ToArray();

    /// <summary>Messages received and discarded (by the backpressure policy, or held during a resubscribe; see <see cref="MarketDataStream.DroppedMessages"/>), all connections together.</summary>
    public long DroppedMessages => _buffer.Dropped + Connections.Sum(s => s.SessionDropped);

    /// <summary>Frames that could not be read, all connections together.</summary>
    public long MalformedMessages => Connections.Sum(s => s.MalformedMessages);

    /// <summary>Messages waiting in the shared buffer, all channels together.</summary>
    public int BufferedMessages => _buffer.Count;

    /// <summary>
    /// Connects the connections opened so far (the first one if none); connections opened later connect before they subscribe.
    /// Each connection's first connect is bounded by <see cref="MarketDataStreamOptions.InitialConnectAttempts"/>, as for
    /// <see cref="MarketDataStream.ConnectAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting, and stops the attempts of every connection not connected yet (those connections are closed).</param>
    /// <returns>A task that completes when they are connected.</returns>
    /// <exception cref="MarketDataException">A connection failed for good (see <see cref="MarketDataStream.ConnectAsync"/>): its attempts were spent, or 401/403.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before every connection connected.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            _connectRequested = true;
            if (_streams.Count == 0)
            {
                AddStream();
            }
        }
        finally
        {
            _lock.Release();
        }

        await Task.WhenAll(Connections.Select(s => s.ConnectAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes <paramref name="symbols"/>, placing them on the first connection with room and opening connections as needed.
    /// A symbol already subscribed on the channel stays where it is.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="symbols">The symbols.</param>
    /// <param name="type">The product type, only for ambiguous symbols.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when every connection involved acknowledged.</returns>
    /// <exception cref="ArgumentException">No symbol, or an invalid one.</exception>
    /// <exception cref="SubscriptionLimitExceededException">All <see cref="MarketDataStreamOptions.MaxConnections"/> connections are full (nothing of this call was subscribed beyond what fit), or the server's limit is per key.</exception>
    /// <exception cref="MarketDataException">Any other refusal, as for <see cref="MarketDataStream.SubscribeAsync"/>.</exception>
    public async Task SubscribeAsync(StreamChannel channel, IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        MarketDataStream.CheckChannel(channel);
        var list = MarketDataStream.CheckSymbols(symbols);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var remaining = list.Where(s => !_assigned.ContainsKey((channel, s))).ToList();
            var full = new HashSet<MarketDataStream>();
            while (remaining.Count > 0)
            {
                var (stream, room, isNew) = PickStream(full);
                if (stream is null)
                {
                    throw MarketDataErrors.CreateException(new MarketDataErrorDetails(ErrorCode.SubscriptionLimitExceeded)
                    {
                        ServerMessage = $"All {_options.Streaming.MaxConnections} connection(s) of the pool are full ({remaining.Count} symbol(s) left); raise MaxConnections or unsubscribe first",
                        RequestPath = "subscribe " + StreamCommands.ChannelName(channel),
                    });
                }

                if (isNew && _connectRequested)
                {
                    await stream.ConnectAsync(cancellationToken).ConfigureAwait(false);
                }

                var batch = remaining.Take(room).ToArray();
                var before = stream.SubscriptionCount;
                foreach (var symbol in batch)
                {
                    _assigned[(channel, symbol)] = stream;
                }

                try
                {
                    await stream.SubscribeAsync(channel, batch, type, cancellationToken).ConfigureAwait(false);
                    remaining.RemoveRange(0, batch.Length);
                }
                catch (SubscriptionLimitExceededException) when (before > 0)
                {
                    // This connection reached the server's limit: keep what it took, move the rest on.
                    Unassign(channel, batch, stream);
                    _capacity[stream] = stream.SubscriptionCount;
                    full.Add(stream);
                    remaining.RemoveAll(s => stream.HasSubscription(channel, s));
                }
                catch
                {
                    Unassign(channel, batch, stream);
                    throw;
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Unsubscribes <paramref name="symbols"/> from whichever connection carries them.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="symbols">The symbols.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the connections involved acknowledged.</returns>
    /// <exception cref="ArgumentException">No symbol, or an invalid one.</exception>
    public async Task UnsubscribeAsync(StreamChannel channel, IEnumerable<string> symbols, CancellationToken cancellationToken = default)
    {
        MarketDataStream.CheckChannel(channel);
        var list = MarketDataStream.CheckSymbols(symbols);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var byStream = new Dictionary<MarketDataStream, List<string>>();
            foreach (var symbol in list)
            {
                if (_assigned.Remove((channel, symbol), out var stream))
                {
                    (byStream.TryGetValue(stream, out var l) ? l : byStream[stream] = []).Add(symbol);
                }
            }

            await Task.WhenAll(byStream.Select(p => p.Key.UnsubscribeAsync(channel, p.Value, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Reads every message of every connection (see <see cref="MarketDataStream.ReadAllAsync"/>).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The messages.</returns>
    public IAsyncEnumerable<StreamMessage> ReadAllAsync(CancellationToken cancellationToken = default) => _buffer.ReadAllAsync(cancellationToken);

    /// <summary>Reads the tickers of every connection (other kinds stay buffered for their readers; see <see cref="MarketDataStream.ReadTickersAsync"/>).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The tickers.</returns>
    public IAsyncEnumerable<TickerUpdate> ReadTickersAsync(CancellationToken cancellationToken = default) => _buffer.ReadAsync<TickerUpdate>(StreamChannel.Ticker, cancellationToken);

    /// <summary>Reads the depth updates of every connection (other kinds stay buffered for their readers).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The order book updates.</returns>
    public IAsyncEnumerable<DepthUpdate> ReadDepthAsync(CancellationToken cancellationToken = default) => _buffer.ReadAsync<DepthUpdate>(StreamChannel.Depth, cancellationToken);

    /// <summary>Reads the trade updates of every connection (other kinds stay buffered for their readers).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The trade updates.</returns>
    public IAsyncEnumerable<TradeUpdate> ReadTradesAsync(CancellationToken cancellationToken = default) => _buffer.ReadAsync<TradeUpdate>(StreamChannel.Trade, cancellationToken);

    /// <summary>Disposes every connection (close frames, no background work left) and completes the readers.</summary>
    /// <returns>A task that completes when everything stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        MarketDataStream[] streams;
        lock (_streams)
        {
            // Under the lock AddStream takes: a subscribe still running cannot add a connection this dispose would miss.
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            streams = [.. _streams];
        }

        await Task.WhenAll(streams.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        _buffer.Complete();
    }

    private (MarketDataStream? Stream, int Room, bool IsNew) PickStream(HashSet<MarketDataStream> full)
    {
        foreach (var stream in _streams)
        {
            var room = _capacity[stream] - stream.SubscriptionCount;
            if (room > 0 && !full.Contains(stream) && stream.State != StreamState.Closed)
            {
                return (stream, room, false);
            }
        }

        if (_streams.Count < _options.Streaming.MaxConnections)
        {
            var stream = AddStream();
            return (stream, _capacity[stream], true);
        }

        return (null, 0, false);
    }

    private MarketDataStream AddStream()
    {
        MarketDataStream stream;
        lock (_streams)
        {
            ThrowIfDisposed();
            stream = new MarketDataStream(_options, _buffer, _streams.Count, _buffer.Telemetry);
            stream.ShareHandlers(_handlers);
            _streams.Add(stream);
        }

        stream.StateChanged += OnStateChanged;
        stream.Error += (_, e) => Error?.Invoke(this, e);

        _capacity[stream] = _options.Streaming.MaxSubscriptionsPerConnection;
        return stream;
    }

    private void OnStateChanged(object? sender, StreamStateChangedEventArgs e)
    {
        StateChanged?.Invoke(this, e);
        if (e.State == StreamState.Closed && e.Exception is { } failure and not OperationCanceledException && Connections.All(s => s.State == StreamState.Closed))
        {
            _buffer.Complete(failure);
        }
    }

    private void Unassign(StreamChannel channel, string[] batch, MarketDataStream stream)
    {
        foreach (var symbol in batch)
        {
            if (!stream.HasSubscription(channel, symbol))
            {
                _assigned.Remove((channel, symbol));
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
