using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using MarketData.Client.Diagnostics;
using MarketData.Client.Models;
using Polly;

namespace MarketData.Client.Streaming;

/// <summary>The background half of the stream: connect, reconnect, receive, heartbeat, answers to commands.</summary>
public sealed partial class MarketDataStream
{
    private const int InitialReceiveBuffer = 16 * 1024;
    private const int ShrinkReceiveBufferAbove = 256 * 1024;
    private static readonly TimeSpan MinTimerDue = TimeSpan.FromMilliseconds(1);
    private const string HeldOverflowReason = "resubscribe_overflow";
    private const string HeldFailedReason = "resubscribe_failed";
    private const string LostWaitingReason = "connection_lost";

    private async Task RunSessionAsync(CancellationToken stop)
    {
        SetState(StreamState.Connecting);
        var connectedOnce = false;
        ConnectionEnd? replay = null;
        var pipeline = ReconnectPipeline.Build(
            _settings,
            new AnnouncingTimeProvider(_time),
            (end, attempt) => ShouldReconnect(end, attempt, connectedOnce, stop),
            (failure, attempt, delay) =>
            {
                Log.StreamReconnecting(_logger, failure.Message, attempt, delay.TotalMilliseconds);
                _telemetry.StreamReconnects.Add(1);
                SetState(StreamState.Reconnecting, failure, attempt, delay);
            });
        try
        {
            while (true)
            {
                // One execution runs the attempts until a connection has been healthy; that connection's end is then the
                // first outcome of the next execution, so Polly's backoff (and the attempt count) restarts from the base.
                var context = ResilienceContextPool.Shared.Get(stop);
                Outcome<ConnectionEnd> outcome;
                try
                {
                    outcome = await pipeline.ExecuteOutcomeAsync(
                        async (_, _) =>
                        {
                            if (Interlocked.Exchange(ref replay, null) is { } healthyEnd)
                            {
                                return Outcome.FromResult(healthyEnd);
                            }

                            var end = await ConnectOnceAsync(stop).ConfigureAwait(false);
                            connectedOnce |= end.Connected;
                            return Outcome.FromResult(end.End);
                        },
                        context,
                        this).ConfigureAwait(false);
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }

                if (outcome.Exception is OperationCanceledException || stop.IsCancellationRequested || Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                outcome.ThrowIfException();
                var last = outcome.Result!;
                if (last.Stopped)
                {
                    return;
                }

                if (!last.Healthy || !last.Retryable)
                {
                    Close(last.Failure);
                    return;
                }

                replay = last with { Healthy = false };
            }
        }
        catch (Exception ex)
        {
            // A bug of the SDK: close visibly rather than spin.
            Close(_errors.Transport("the stream failed unexpectedly", ex));
        }
    }

    /// <summary>
    /// Whether to reconnect after the end of attempt <paramref name="attempt"/> (1-based). Until the stream has connected
    /// once, InitialConnectAttempts bounds the attempts (ConnectAsync then throws the last failure); afterwards only
    /// MaxReconnectAttempts does (default: forever). A healthy connection's end is not retried here: it starts the next run.
    /// </summary>
    private bool ShouldReconnect(ConnectionEnd end, int attempt, bool connectedOnce, CancellationToken stop) =>
        !end.Stopped
        && !end.Healthy
        && end.Retryable
        && !stop.IsCancellationRequested
        && Volatile.Read(ref _disposed) == 0
        && (connectedOnce || attempt < _settings.InitialConnectAttempts)
        && (_settings.MaxReconnectAttempts is not { } max || attempt <= max);

    /// <summary>Opens one connection and runs it until it ends.</summary>
    private async Task<(ConnectionEnd End, bool Connected)> ConnectOnceAsync(CancellationToken stop)
    {
        Exception failure;
        var retryable = true;
        var connected = false;
        var healthy = false;
        try
        {
            var conn = await OpenAsync(stop).ConfigureAwait(false);
            (failure, connected, healthy) = await RunConnectionAsync(conn, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stop.IsCancellationRequested)
        {
            return (new ConnectionEnd(ex, Retryable: false, Healthy: false, Stopped: true), false);
        }
        catch (MarketDataException ex)
        {
            // The upgrade failed: its error decides whether retrying can help.
            failure = ex;
            retryable = ex is ConnectionLimitExceededException || ex.IsTransient;
        }

        Volatile.Write(ref _lastFailure, failure);
        return (new ConnectionEnd(failure, retryable, healthy), connected);
    }

    private void Close(Exception failure)
    {
        Log.StreamError(_logger, (failure as MarketDataException)?.Code ?? ErrorCode.Unknown, (failure as MarketDataException)?.RawCode ?? string.Empty, failure.Message);
        SetState(StreamState.Closed, failure);
        _firstConnection.TrySetResult(failure);
        if (_ownsBuffer)
        {
            _buffer.Complete(failure);
        }
    }

    private async Task<StreamConnection> OpenAsync(CancellationToken stop)
    {
        Log.StreamConnecting(_logger, _logUri);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        _capture.Reset();
        using var timeout = new CancellationTokenSource(_settings.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            await socket.ConnectAsync(_uri, _invoker, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            stop.ThrowIfCancellationRequested();
            if (_capture.LastFailure is { } refused)
            {
                throw _errors.FromUpgrade(refused);
            }

            if (timeout.IsCancellationRequested)
            {
                throw _errors.Timeout($"the WebSocket upgrade did not complete within {_settings.ConnectTimeout.TotalSeconds:0.###} s", _settings.ConnectTimeout, ex);
            }

            if (status != 0)
            {
                throw _errors.FromUpgradeStatus(status);
            }

            throw _errors.Transport("the WebSocket connection could not be opened", ex);
        }

        return new StreamConnection(Interlocked.Increment(ref _connectionIds), socket, _time, stop, HeldPushes.For(_settings));
    }

    private async Task<(Exception Failure, bool Connected, bool Healthy)> RunConnectionAsync(StreamConnection conn, CancellationToken stop)
    {
        var batches = new List<PendingCommand>();
        lock (_gate)
        {
            _connection = conn;
            foreach (var group in _subscriptions.Values.Where(e => e.Status == EntryStatus.Queued).GroupBy(e => (e.Channel, e.Type)))
            {
                foreach (var chunk in group.Chunk(_settings.SubscribeBatchSize))
                {
                    var pending = new PendingCommand(CommandKind.Subscribe, group.Key.Channel, chunk, isResubscribe: true, hasCaller: false);
                    foreach (var entry in chunk)
                    {
                        entry.Status = EntryStatus.Subscribing;
                        entry.ConnectionId = conn.Id;
                        entry.Pending = pending;
                        entry.Error = null;
                    }

                    conn.Post(StreamCommands.Subscription(CommandKind.Subscribe, group.Key.Channel, group.Key.Type, chunk), pending);
                    batches.Add(pending);
                }
            }
        }

        // Until every resubscribe is answered, pushes are held back: the app sees no data before its subscriptions are restored.
        conn.ResubscribeOutstanding = batches.Count;
        conn.HoldingPushesForResubscribe = batches.Count > 0;
        if (batches.Count == 0)
        {
            conn.ResubscribeDone.TrySetResult();
        }

        conn.ReceiveLoop = ReceiveLoopAsync(conn);
        StartHeartbeat(conn);
        var connected = false;
        if (batches.Count > 0)
        {
            using var timeout = new CancellationTokenSource(_settings.AckTimeout, _time);
            try
            {
                await conn.FlushAsync(_errors).WaitAsync(timeout.Token).ConfigureAwait(false);
                foreach (var pending in batches)
                {
                    Log.StreamCommandSent(_logger, "subscribe", StreamCommands.ChannelName(pending.Channel), pending.Entries.Length);
                }

                await conn.ResubscribeDone.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                conn.Fail(AckTimeout("the resubscribe"));
            }
        }

        if (conn.Failure is null && !stop.IsCancellationRequested)
        {
            connected = true;
            Log.StreamConnected(_logger, _logUri);
            SetState(StreamState.Connected, failed: [.. conn.ResubscribeFailures]);
            _firstConnection.TrySetResult(null);
        }

        // One span per connection, open while it delivers (the URL is the redacted one, api_key=***).
        using var activity = connected && MarketDataTelemetry.ActivitySource.HasListeners()
            ? MarketDataTelemetry.ActivitySource.StartActivity("marketdata.stream.connection", System.Diagnostics.ActivityKind.Client)
            : null;
        activity?.SetTag("url.full", _logUri);
        await conn.ReceiveLoop.ConfigureAwait(false);
        var failure = conn.Failure ?? _errors.Transport("the connection ended", null);
        if (conn.HoldingPushesForResubscribe || conn.PushesHeldForResubscribe.Count > 0)
        {
            // Also pushes left over when the connection failed while the held ones were being handed to the buffer.
            DiscardHeldPushes(conn, failure, report: !stop.IsCancellationRequested);
        }

        activity?.SetTag("marketdata.stream.close_reason", (failure as MarketDataException)?.Code.ToString() ?? failure.GetType().Name);
        lock (_gate)
        {
            _connection = null;
            foreach (var entry in _subscriptions.Values)
            {
                if (entry.Status is EntryStatus.Subscribing or EntryStatus.Active)
                {
                    entry.Status = EntryStatus.Queued;
                    entry.Pending = null;
                }
            }
        }

        conn.Drain(new CommandOutcome(_errors.Transport("the connection was lost before the server answered; the stream reconnects and reapplies its subscriptions", failure)));
        await conn.HeartbeatSend.ConfigureAwait(false);
        conn.Release();
        return (failure, connected, connected && _time.GetElapsedTime(conn.OpenedAt) >= _settings.StaleTimeout);
    }

    private async Task ReceiveLoopAsync(StreamConnection conn)
    {
        var max = _settings.MaxMessageBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBuffer, max));
        Exception? failure = null;
        try
        {
            while (failure is null)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                while (true)
                {
                    var limit = Math.Min(buffer.Length, max);
                    if (count == limit)
                    {
                        if (limit >= max)
                        {
                            break;
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max));
                        buffer.AsSpan(0, count).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                        limit = Math.Min(buffer.Length, max);
                    }

                    result = await conn.Socket.ReceiveAsync(buffer.AsMemory(count, limit - count), conn.Token).ConfigureAwait(false);
                    count += result.Count;
                    if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
                    {
                        goto Received;
                    }
                }

                // The message goes on beyond MaxMessageBytes: report it and reset the connection.
                Interlocked.Increment(ref _malformed);
                CountDropped("too_large");
                failure = _errors.Malformed($"a message exceeds MaxMessageBytes ({max} bytes); the connection is reset", buffer.AsSpan(0, count));
                RaiseError((MarketDataException)failure);
                break;

            Received:
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    failure = _errors.ServerClosed(conn.Socket.CloseStatus, conn.Socket.CloseStatusDescription);
                    break;
                }

                conn.Touch();
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Interlocked.Increment(ref _malformed);
                    CountDropped("binary");
                    RaiseError(_errors.Malformed($"a binary frame of {count} bytes was ignored; the realtime API sends JSON text", default));
                    continue;
                }

                await ProcessFrameAsync(conn, buffer, count).ConfigureAwait(false);
                if (buffer.Length > ShrinkReceiveBufferAbove)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBuffer, max));
                }
            }
        }
        catch (OperationCanceledException) when (conn.Token.IsCancellationRequested)
        {
            // Failed elsewhere (stale, a send, the resubscribe) or stopping.
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            failure = _errors.Transport("the connection was lost", ex);
        }
        catch (Exception ex)
        {
            // Never let the loop die silently: a bug here resets the connection like a network failure.
            failure = _errors.Transport("the receive loop failed unexpectedly", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        conn.Fail(failure ?? _errors.Transport("the connection was closed", null));
    }

    private ValueTask ProcessFrameAsync(StreamConnection conn, byte[] buffer, int count)
    {
        var frame = _decoder.Decode(buffer.AsSpan(0, count));
        switch (frame.Kind)
        {
            case FrameKind.Data:
                Interlocked.Increment(ref _received);
                _telemetry.StreamMessages.Add(1, new KeyValuePair<string, object?>("marketdata.stream.channel", StreamBuffer.ChannelTag(frame.Message!.Channel)));
                return DeliverAsync(conn, frame.Message, count);
            case FrameKind.Reply:
                return HandleReply(conn, in frame) ? ReleaseHeldPushesAsync(conn) : default;
            case FrameKind.Ignored:
                Interlocked.Increment(ref _ignored);
                return default;
            default:
                Interlocked.Increment(ref _malformed);
                CountDropped("malformed");
                RaiseError(_errors.Malformed(frame.Problem ?? "the message could not be read", buffer.AsSpan(0, count)));
                return default;
        }
    }

    private void CountDropped(string reason) =>
        _telemetry.StreamDropped.Add(1, new KeyValuePair<string, object?>("marketdata.stream.drop_reason", reason));

    private ValueTask DeliverAsync(StreamConnection conn, StreamMessage message, int frameBytes)
    {
        if (conn.HoldingPushesForResubscribe)
        {
            conn.PushesHeldForResubscribe.Add(message, frameBytes);
            while (conn.PushesHeldForResubscribe.TryTrimOldest(out var oldest))
            {
                CountSessionDrop(oldest, HeldOverflowReason);
            }

            return default;
        }

        if (TryHandle(conn, message))
        {
            return default;
        }

        var write = _buffer.WriteAsync(message, conn.Token);
        return write.IsCompletedSuccessfully ? default : AwaitBufferAsync(conn, message, write);
    }

    private async ValueTask AwaitBufferAsync(StreamConnection conn, StreamMessage message, ValueTask write)
    {
        conn.BlockedOnBuffer = true;
        BackpressureApplied?.Invoke();
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection ended (or the stream stopped) while this push waited for room in a full buffer: it is lost, and counted.
            CountSessionDrop(message, LostWaitingReason);
            throw;
        }
        finally
        {
            conn.BlockedOnBuffer = false;
            conn.Touch();
        }
    }

    private async ValueTask ReleaseHeldPushesAsync(StreamConnection conn)
    {
        conn.HoldingPushesForResubscribe = false;
        var held = conn.PushesHeldForResubscribe;
        if (held.Overflowed > 0)
        {
            RaiseError(_errors.Dropped(held.Overflowed, HeldOverflowReason, HeldOverflowText(held.Overflowed)));
        }

        while (held.TryTake(out var message))
        {
            await DeliverAsync(conn, message, 0).ConfigureAwait(false);
        }

        conn.ResubscribeDone.TrySetResult();
    }

    /// <summary>The connection ended before its resubscribe was answered: what it held is lost, counted, and reported once.</summary>
    private void DiscardHeldPushes(StreamConnection conn, Exception failure, bool report)
    {
        conn.HoldingPushesForResubscribe = false;
        var held = conn.PushesHeldForResubscribe;
        var discarded = 0;
        while (held.TryTake(out var message))
        {
            CountSessionDrop(message, HeldFailedReason);
            discarded++;
        }

        var overflowed = held.Overflowed;
        if (!report || overflowed + discarded == 0)
        {
            return;
        }

        var parts = new List<string>(2);
        if (discarded > 0)
        {
            parts.Add($"{discarded} held back because the connection failed before the resubscribe was answered ({failure.Message})");
        }

        if (overflowed > 0)
        {
            parts.Add(HeldOverflowText(overflowed));
        }

        RaiseError(_errors.Dropped(overflowed + discarded, discarded > 0 ? HeldFailedReason : HeldOverflowReason, string.Join("; ", parts)));
    }

    private string HeldOverflowText(long count) =>
        $"{count} because more pushes arrived while the subscriptions were being restored than the stream holds back " +
        $"(BufferCapacity {_settings.BufferCapacity} messages or {(long)_settings.MaxMessageBytes * HeldPushes.BytesPerMaxMessage} bytes; the oldest go first)";

    /// <summary>Counts one push the session discarded (part of <see cref="DroppedMessages"/>) in the dropped metric with its channel and reason.</summary>
    private void CountSessionDrop(StreamMessage message, string reason)
    {
        Interlocked.Increment(ref _sessionDropped);
        _telemetry.StreamDropped.Add(1, new TagList { { "marketdata.stream.channel", StreamBuffer.ChannelTag(message.Channel) }, { "marketdata.stream.drop_reason", reason } });
    }

    /// <summary>
    /// Matches an answer to the oldest command of its kind (a <c>cmd: "error"</c> answer, which names no command, to the oldest
    /// command of any kind: the protocol answers in order); returns true when it was the last resubscribe answer.
    /// </summary>
    private bool HandleReply(StreamConnection conn, in DecodedFrame frame)
    {
        PendingCommand? pending = null;
        var matched = frame.ReplyTo is { } replyTo
            ? conn.TryDequeue(replyTo, out pending)
            : frame is { Code: not null, Command: "error" } && conn.TryDequeueOldest(out pending);
        if (!matched || pending is null)
        {
            if (frame.Code is null)
            {
                Interlocked.Increment(ref _ignored);
            }
            else
            {
                RaiseError(_errors.FromReply(frame, frame.Command ?? (frame.ReplyTo is { } k ? StreamCommands.Name(k) : "unknown")));
            }

            return false;
        }

        var kind = pending.Kind;
        var command = kind == CommandKind.Ping ? "ping" : StreamCommands.Name(kind) + " " + StreamCommands.ChannelName(pending.Channel);
        var error = frame.Code is null ? null : _errors.FromReply(frame, command);
        switch (kind)
        {
            case CommandKind.Subscribe:
                ApplySubscribeReply(conn, pending, error);
                break;
            default:
                if (error is not null && !pending.TryClaimForCaller())
                {
                    RaiseError(error);
                }

                pending.Complete(error is not null
                    ? new CommandOutcome(error)
                    : new CommandOutcome(null, new StreamPingResult(_time.GetElapsedTime(pending.SentTimestamp), frame.ServerTime)));
                break;
        }

        return pending.IsResubscribe && --conn.ResubscribeOutstanding == 0 && conn.HoldingPushesForResubscribe;
    }

    private void ApplySubscribeReply(StreamConnection conn, PendingCommand pending, MarketDataException? error)
    {
        var toCaller = error is not null && pending.TryClaimForCaller();
        List<SubscriptionEntry>? failed = null;
        lock (_gate)
        {
            var subscribedAnyway = error is RealtimeDataUnavailableException partial
                ? new HashSet<string>(partial.SubscribedSymbols, StringComparer.OrdinalIgnoreCase)
                : null;
            foreach (var entry in pending.Entries)
            {
                if (!_subscriptions.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry)
                    || entry.Status != EntryStatus.Subscribing || entry.ConnectionId != conn.Id)
                {
                    continue; // Unsubscribed meanwhile, or from an older connection.
                }

                if (ReferenceEquals(entry.Pending, pending))
                {
                    entry.Pending = null;
                }

                if (error is null || subscribedAnyway?.Contains(entry.Symbol) == true)
                {
                    entry.Status = EntryStatus.Active;
                }
                else if (toCaller)
                {
                    _subscriptions.Remove(entry.Key);
                    _version++;
                }
                else
                {
                    entry.Status = EntryStatus.Failed;
                    entry.Error = error;
                    (failed ??= []).Add(entry);
                }
            }
        }

        pending.Complete(new CommandOutcome(error));
        if (failed is not null)
        {
            var channel = StreamCommands.ChannelName(pending.Channel);
            Log.ResubscribeFailed(_logger, channel, failed.Count, error!.Code, error.RawCode);
            if (pending.IsResubscribe)
            {
                lock (_gate)
                {
                    conn.ResubscribeFailures.AddRange(failed.Select(e => e.ToPublic()));
                }
            }

            RaiseError(error, pending.Channel, failed.Select(e => e.Symbol).ToArray());
        }
    }

    private void StartHeartbeat(StreamConnection conn)
    {
        conn.NextPingDue = conn.LastReceived + Timestamp(_settings.HeartbeatInterval);
        var first = _settings.HeartbeatInterval < _settings.StaleTimeout ? _settings.HeartbeatInterval : _settings.StaleTimeout;
        conn.Heartbeat = _time.CreateTimer(
            static state =>
            {
                var (stream, connection) = ((MarketDataStream, StreamConnection))state!;
                stream.OnHeartbeat(connection);
            },
            (this, conn),
            first,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>One tick: declare the connection dead after StaleTimeout of silence, send a ping when due, re-arm for the next event.</summary>
    private void OnHeartbeat(StreamConnection conn)
    {
        if (conn.Token.IsCancellationRequested)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (conn.BlockedOnBuffer)
        {
            // The app is slow, not the server: the socket is deliberately not read.
            conn.LastReceived = now;
        }

        var silent = _time.GetElapsedTime(conn.LastReceived, now);
        if (silent >= _settings.StaleTimeout)
        {
            conn.Fail(_errors.Timeout(
                $"no message (data or pong) for {silent.TotalSeconds:0.###} s; the connection is treated as dead (StaleTimeout {_settings.StaleTimeout.TotalSeconds:0.###} s)",
                _settings.StaleTimeout));
            return;
        }

        if (now >= conn.NextPingDue)
        {
            conn.NextPingDue = now + Timestamp(_settings.HeartbeatInterval);
            if (conn.HeartbeatSend.IsCompleted)
            {
                conn.HeartbeatSend = SendHeartbeatAsync(conn);
            }
        }

        var untilStale = _settings.StaleTimeout - silent;
        var untilPing = _time.GetElapsedTime(now, conn.NextPingDue);
        var due = untilStale < untilPing ? untilStale : untilPing;
        try
        {
            conn.Heartbeat?.Change(due < MinTimerDue ? MinTimerDue : due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection is being torn down.
        }
    }

    private async Task SendHeartbeatAsync(StreamConnection conn)
    {
        if (conn.Post(StreamCommands.Ping, new PendingCommand(CommandKind.Ping, default, [], isResubscribe: false, hasCaller: false)))
        {
            await conn.FlushAsync(_errors).ConfigureAwait(false);
        }
    }

    private long Timestamp(TimeSpan duration) => (long)(duration.TotalSeconds * _time.TimestampFrequency);

    private async Task SubscribeCoreAsync(StreamChannel channel, string[] symbols, SymbolType? type, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeout = new CancellationTokenSource(_settings.AckTimeout, _time);
        StreamConnection? conn;
        var own = new List<PendingCommand>();
        var others = new List<PendingCommand>();
        lock (_gate)
        {
            ThrowIfClosed();
            conn = _connection;
            var fresh = new List<SubscriptionEntry>();
            foreach (var symbol in symbols)
            {
                if (_subscriptions.TryGetValue((channel, symbol), out var existing))
                {
                    if (existing.Status == EntryStatus.Active || (existing.Status == EntryStatus.Queued && conn is null))
                    {
                        continue;
                    }

                    if (existing is { Status: EntryStatus.Subscribing, Pending: { } inFlight })
                    {
                        if (!others.Contains(inFlight))
                        {
                            others.Add(inFlight);
                        }

                        continue;
                    }
                }

                var entry = new SubscriptionEntry(channel, symbol, type);
                _subscriptions[entry.Key] = entry;
                fresh.Add(entry);
            }

            if (fresh.Count > 0)
            {
                _version++;
            }

            if (conn is not null)
            {
                foreach (var chunk in fresh.Chunk(_settings.SubscribeBatchSize))
                {
                    var pending = new PendingCommand(CommandKind.Subscribe, channel, chunk, isResubscribe: false, hasCaller: true);
                    foreach (var entry in chunk)
                    {
                        entry.Status = EntryStatus.Subscribing;
                        entry.ConnectionId = conn.Id;
                        entry.Pending = pending;
                    }

                    conn.Post(StreamCommands.Subscription(CommandKind.Subscribe, channel, type, chunk), pending);
                    own.Add(pending);
                }
            }
        }

        await SendAndAwaitAsync(conn, own, others, "subscribe " + StreamCommands.ChannelName(channel), timeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task UnsubscribeCoreAsync(StreamChannel channel, string[] symbols, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeout = new CancellationTokenSource(_settings.AckTimeout, _time);
        StreamConnection? conn;
        var own = new List<PendingCommand>();
        lock (_gate)
        {
            ThrowIfClosed();
            conn = _connection;
            var sent = new List<SubscriptionEntry>();
            var changed = false;
            // Each symbol is unsubscribed with the type it was subscribed with (one command per type).
            foreach (var symbol in symbols)
            {
                if (_subscriptions.Remove((channel, symbol), out var entry))
                {
                    changed = true;
                    if (conn is not null && entry.ConnectionId == conn.Id && entry.Status is EntryStatus.Subscribing or EntryStatus.Active)
                    {
                        sent.Add(entry);
                    }
                }
            }

            if (changed)
            {
                _version++;
            }

            foreach (var group in sent.GroupBy(e => e.Type))
            {
                foreach (var chunk in group.Chunk(_settings.SubscribeBatchSize))
                {
                    var pending = new PendingCommand(CommandKind.Unsubscribe, channel, chunk, isResubscribe: false, hasCaller: true);
                    conn!.Post(StreamCommands.Subscription(CommandKind.Unsubscribe, channel, group.Key, chunk), pending);
                    own.Add(pending);
                }
            }
        }

        await SendAndAwaitAsync(conn, own, [], "unsubscribe " + StreamCommands.ChannelName(channel), timeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAndAwaitAsync(
        StreamConnection? conn,
        List<PendingCommand> own,
        List<PendingCommand> others,
        string command,
        CancellationTokenSource timeout,
        CancellationToken cancellationToken)
    {
        if (own.Count == 0 && others.Count == 0)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        MarketDataException? first = null;
        try
        {
            if (own.Count > 0)
            {
                await conn!.FlushAsync(_errors).WaitAsync(linked.Token).ConfigureAwait(false);
                foreach (var pending in own)
                {
                    Log.StreamCommandSent(_logger, command, StreamCommands.ChannelName(pending.Channel), pending.Entries.Length);
                }
            }

            foreach (var pending in own.Concat(others))
            {
                var outcome = await pending.Completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
                first ??= outcome.Error;
            }
        }
        catch (OperationCanceledException)
        {
            foreach (var pending in own)
            {
                if (!pending.TryAbandon() && pending.Completion.Task.IsCompleted)
                {
                    first ??= pending.Completion.Task.Result.Error;
                }
            }

            if (first is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw AckTimeout(command);
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }

    private async Task<CommandOutcome> AwaitOutcomeAsync(PendingCommand pending, string command, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await pending.Completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (!pending.TryAbandon())
            {
                // Claimed for us at the same instant: the answer is being delivered.
                return await pending.Completion.Task.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw AckTimeout(command);
        }
    }
}
