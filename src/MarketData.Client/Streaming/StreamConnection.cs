using System.Net.WebSockets;

namespace MarketData.Client.Streaming;

/// <summary>
/// One open WebSocket of a stream and everything that lives exactly as long as it: the send lock, the commands awaiting an
/// answer, the heartbeat timer and the liveness clock. The first failure recorded ends it.
/// </summary>
internal sealed class StreamConnection
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _pendingSync = new();
    private readonly Queue<PendingCommand>[] _pending = [new(), new(), new()];
    private readonly TimeProvider _time;
    private Exception? _failure;
    private bool _drained;
    private long _lastReceived;

    private readonly CancellationTokenRegistration _stopRegistration;

    public StreamConnection(int id, WebSocket socket, TimeProvider time, CancellationToken stop)
    {
        Id = id;
        Socket = socket;
        _time = time;
        Token = Cts.Token;
        _lastReceived = time.GetTimestamp();
        OpenedAt = _lastReceived;
        _stopRegistration = stop.UnsafeRegister(static s => ((StreamConnection)s!).CancelWork(), this);
    }

    public int Id { get; }

    public WebSocket Socket { get; }

    /// <summary>Cancelled when the connection fails or the stream stops; never disposed, so that late callers still get a token.</summary>
    public CancellationTokenSource Cts { get; } = new();

    public CancellationToken Token { get; }

    public long OpenedAt { get; }

    public Exception? Failure => Volatile.Read(ref _failure);

    public long LastReceived
    {
        get => Volatile.Read(ref _lastReceived);
        set => Volatile.Write(ref _lastReceived, value);
    }

    /// <summary>The receive loop waits for room in the buffer (backpressure): silence is then not a sign of a dead connection.</summary>
    public bool BlockedOnBuffer { get; set; }

    public long NextPingDue { get; set; }

    public ITimer? Heartbeat { get; set; }

    public Task HeartbeatSend { get; set; } = Task.CompletedTask;

    public Task ReceiveLoop { get; set; } = Task.CompletedTask;

    // Resubscribe phase: touched by the receive loop only (set up before it starts).
    public bool Holding { get; set; }

    public List<StreamMessage> Held { get; } = [];

    public int ResubscribeOutstanding { get; set; }

    public List<StreamSubscription> ResubscribeFailures { get; } = [];

    /// <summary>Completes when every resubscribe command was answered, or when the connection fails.</summary>
    public TaskCompletionSource ResubscribeDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records the failure that ends the connection (the first one wins) and cancels its work.</summary>
    public bool Fail(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null)
        {
            return false;
        }

        ResubscribeDone.TrySetResult();
        CancelWork();
        return true;
    }

    /// <summary>Detaches from the stream's stop signal once the connection is over.</summary>
    public void Release()
    {
        _stopRegistration.Dispose();
        Heartbeat?.Dispose();
        Socket.Dispose();
    }

    private void CancelWork()
    {
        try
        {
            Cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already torn down.
        }
    }

    public void Touch() => LastReceived = _time.GetTimestamp();

    /// <summary>Sends one command; <paramref name="pending"/> takes its place in the answer queue atomically with the send order.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="MarketDataTransportException">The connection is gone or failed while sending (it is then reset).</exception>
    public async Task SendAsync(ReadOnlyMemory<byte> payload, PendingCommand? pending, StreamErrors errors, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Token);
        try
        {
            await _sendLock.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Lost(errors);
        }

        try
        {
            if (pending is not null)
            {
                pending.SentTimestamp = _time.GetTimestamp();
                if (!Enqueue(pending))
                {
                    throw Lost(errors);
                }
            }

            await Socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not MarketDataException)
        {
            // A send that fails or is cancelled half-way leaves the socket aborted: the connection is over.
            var failure = cancellationToken.IsCancellationRequested && Failure is null
                ? errors.Transport("a send was cancelled half-way, which aborts the WebSocket", null)
                : errors.Transport("the connection was lost while sending", ex);
            Fail(failure);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            throw Lost(errors);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends the close frame (bounded by <paramref name="timeout"/>); never throws.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, _time);
        try
        {
            await _sendLock.WaitAsync(cts.Token).ConfigureAwait(false);
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closing", cts.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The socket is torn down next anyway.
        }
    }

    public bool TryDequeue(CommandKind kind, out PendingCommand? pending)
    {
        lock (_pendingSync)
        {
            return _pending[(int)kind].TryDequeue(out pending);
        }
    }

    /// <summary>Ends every unanswered command with <paramref name="outcome"/>; later sends fail.</summary>
    public void Drain(CommandOutcome outcome)
    {
        List<PendingCommand> all = [];
        lock (_pendingSync)
        {
            _drained = true;
            foreach (var queue in _pending)
            {
                all.AddRange(queue);
                queue.Clear();
            }
        }

        foreach (var pending in all)
        {
            pending.Complete(outcome);
        }
    }

    private bool Enqueue(PendingCommand pending)
    {
        lock (_pendingSync)
        {
            if (_drained || Failure is not null)
            {
                return false;
            }

            _pending[(int)pending.Kind].Enqueue(pending);
            return true;
        }
    }

    private MarketDataTransportException Lost(StreamErrors errors) =>
        errors.Transport("the connection was lost before the server answered; the stream reconnects and reapplies its subscriptions", Failure);
}
