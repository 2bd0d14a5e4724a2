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
    private readonly Queue<(ReadOnlyMemory<byte> Payload, PendingCommand? Pending)> _outbox = new();
    private readonly TimeProvider _time;
    private Exception? _failure;
    private bool _drained;
    private long _sequence;
    private long _lastReceived;

    private readonly CancellationTokenRegistration _stopRegistration;

    public StreamConnection(int id, WebSocket socket, TimeProvider time, CancellationToken stop, HeldPushes heldPushes)
    {
        Id = id;
        PushesHeldForResubscribe = heldPushes;
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

    /// <summary>Pushes go to <see cref="PushesHeldForResubscribe"/>, not to the buffer: the resubscribe is not answered yet.</summary>
    public bool HoldingPushesForResubscribe { get; set; }

    /// <summary>Pushes held back until the resubscribe is answered; bounded (see <see cref="HeldPushes"/>).</summary>
    public HeldPushes PushesHeldForResubscribe { get; }

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

    /// <summary>
    /// Queues a command. Called under the stream's lock for subscribe and unsubscribe, so that commands go out in the order the
    /// stream decided them; <paramref name="pending"/> takes its place in the answer queue at the same time. False once the
    /// connection is over.
    /// </summary>
    public bool Post(ReadOnlyMemory<byte> payload, PendingCommand? pending)
    {
        lock (_pendingSync)
        {
            if (_drained)
            {
                return false;
            }

            if (pending is not null)
            {
                pending.Sequence = ++_sequence;
                _pending[(int)pending.Kind].Enqueue(pending);
            }

            _outbox.Enqueue((payload, pending));
            return true;
        }
    }

    /// <summary>
    /// Sends every queued command, in order. Never throws and is not cancelled by callers (a command, once decided, is sent
    /// unless the connection dies); a send failure fails the connection, which ends every unanswered command.
    /// </summary>
    public async Task FlushAsync(StreamExceptionFactory errors)
    {
        try
        {
            await _sendLock.WaitAsync(Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            while (true)
            {
                (ReadOnlyMemory<byte> Payload, PendingCommand? Pending) item;
                lock (_pendingSync)
                {
                    if (!_outbox.TryDequeue(out item))
                    {
                        return;
                    }
                }

                if (item.Pending is { } pending)
                {
                    pending.SentTimestamp = _time.GetTimestamp();
                }

                await Socket.SendAsync(item.Payload, WebSocketMessageType.Text, endOfMessage: true, Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Fail(errors.Transport("the connection was lost while sending", ex));
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

    /// <summary>Takes the oldest unanswered command of any kind (the one a <c>cmd: "error"</c> answer belongs to).</summary>
    public bool TryDequeueOldest(out PendingCommand? pending)
    {
        lock (_pendingSync)
        {
            Queue<PendingCommand>? oldest = null;
            foreach (var queue in _pending)
            {
                if (queue.TryPeek(out var head) && (oldest is null || head.Sequence < oldest.Peek().Sequence))
                {
                    oldest = queue;
                }
            }

            pending = oldest?.Dequeue();
            return pending is not null;
        }
    }

    /// <summary>Ends every unanswered command with <paramref name="outcome"/>; later sends fail.</summary>
    public void Drain(CommandOutcome outcome)
    {
        List<PendingCommand> all = [];
        lock (_pendingSync)
        {
            _drained = true;
            _outbox.Clear();
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
}
