using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace MarketData.Client.Testing.Internal;

/// <summary>One admitted WebSocket connection: its subscriptions and a lock that keeps sends one at a time.</summary>
internal sealed class StreamConnection
{
    private readonly object _lock = new();
    private bool _ended;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<string, Dictionary<SimInstrument, Subscription>> _channels = new(StringComparer.Ordinal);
    private readonly System.Text.StringBuilder _partial = new();
    private readonly TaskCompletionSource<WebSocket?> _socket = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamConnection(string id, HttpContext http, long connectedAt)
    {
        Id = id;
        Http = http;
        ConnectedAt = connectedAt;
        ClientIp = http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
    }

    public string Id { get; }

    private HttpContext Http { get; }

    public long ConnectedAt { get; }

    public string ClientIp { get; }

    /// <summary>The accepted socket; null until the upgrade has completed.</summary>
    public WebSocket? Socket => _socket.Task.IsCompletedSuccessfully ? _socket.Task.Result : null;

    /// <summary>Records the accepted socket, or null when the connection ended before (the first call wins).</summary>
    public void Attach(WebSocket? socket) => _socket.TrySetResult(socket);

    /// <summary>
    /// Aborts the connection unless its request has ended: once the upgrade's handler has returned, Kestrel disposes the
    /// context and <see cref="HttpContext.Abort"/> would throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Abort()
    {
        lock (_lock)
        {
            if (!_ended)
            {
                Http.Abort();
            }
        }
    }

    /// <summary>Marks the request as over (called before its handler returns): <see cref="Abort"/> does nothing from now on.</summary>
    public void End()
    {
        lock (_lock)
        {
            _ended = true;
        }
    }

    public int SubscriptionCount
    {
        get
        {
            lock (_lock)
            {
                return _channels.Values.Sum(c => c.Count);
            }
        }
    }

    /// <summary>Joins the fragments of a text message; null until the last fragment has arrived.</summary>
    public string? Assemble(string fragment, bool endOfMessage)
    {
        if (endOfMessage && _partial.Length == 0)
        {
            return fragment;
        }

        _partial.Append(fragment);
        if (!endOfMessage)
        {
            return null;
        }

        var text = _partial.ToString();
        _partial.Clear();
        return text;
    }

    /// <summary>How many of these instruments are not yet subscribed on the channel.</summary>
    public int CountNew(string channel, IEnumerable<SimInstrument> instruments)
    {
        lock (_lock)
        {
            return _channels.TryGetValue(channel, out var subs) ? instruments.Count(i => !subs.ContainsKey(i)) : instruments.Count();
        }
    }

    public void Subscribe(string channel, IEnumerable<SimInstrument> instruments, long now)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(channel, out var subs))
            {
                _channels[channel] = subs = [];
            }

            foreach (var instrument in instruments)
            {
                subs.TryAdd(instrument, new Subscription(instrument, now));
            }
        }
    }

    public void Unsubscribe(string channel, IEnumerable<SimInstrument> instruments)
    {
        lock (_lock)
        {
            if (_channels.TryGetValue(channel, out var subs))
            {
                foreach (var instrument in instruments)
                {
                    subs.Remove(instrument);
                }
            }
        }
    }

    /// <summary>The subscriptions, copied, with the trade cursor of each moved to <paramref name="now"/>.</summary>
    public List<(string Channel, SimInstrument Instrument, long TradesAfter)> TakeSubscriptions(long now)
    {
        lock (_lock)
        {
            var list = new List<(string, SimInstrument, long)>();
            foreach (var (channel, subs) in _channels)
            {
                foreach (var sub in subs.Values)
                {
                    list.Add((channel, sub.Instrument, sub.TradesAfter));
                    sub.TradesAfter = Math.Max(sub.TradesAfter, now);
                }
            }

            return list;
        }
    }

    /// <summary>Sends one text message; false when the socket is gone.</summary>
    public async Task<bool> SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (Socket is not { State: WebSocketState.Open } socket)
        {
            return false;
        }

        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                return true;
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    /// <summary>Sends a close frame (the client answers, and WireMock's receive loop then ends the connection).</summary>
    public async Task<bool> CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        // The client may see the 101 a moment before the socket is recorded here: wait for it (or for the end).
        if (await _socket.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is not { State: WebSocketState.Open } socket)
        {
            Abort();
            return true;
        }

        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or IOException)
        {
            Abort();
        }

        return true;
    }

    private sealed class Subscription(SimInstrument instrument, long tradesAfter)
    {
        public SimInstrument Instrument { get; } = instrument;

        public long TradesAfter { get; set; } = tradesAfter;
    }
}
