using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// WebSocket on <c>/v1/realtime</c>: accepts or refuses upgrades, records every command it receives, answers
/// subscribe/unsubscribe/ping by default, and hands each accepted connection (<see cref="ServerConnection"/>) to the test
/// to push any frame, fragment, close, abort or go silent.
/// </summary>
internal sealed partial class LoopbackServer
{
    public const string RealtimePath = "/v1/realtime";

    private readonly ConcurrentQueue<ServerConnection> _all = new();
    private Channel<ServerConnection> _accepted = Channel.CreateUnbounded<ServerConnection>();
    private Channel<int> _upgradeRequests = Channel.CreateUnbounded<int>();
    private int _upgrades;
    private int _connections;

    /// <summary>Decides each upgrade; the argument is the 1-based upgrade number. Null accepts; a reply refuses (or, held, never answers).</summary>
    public Func<int, StubReply?> OnUpgrade { get; set; } = _ => null;

    /// <summary>Replaces the default answers (acks and pongs) for every connection; return true when the command was handled.</summary>
    public Func<ServerConnection, ReceivedCommand, Task<bool>>? OnCommand { get; set; }

    /// <summary>The query strings of every upgrade request, in order.</summary>
    public ConcurrentQueue<string> UpgradeQueries { get; } = new();

    public int UpgradeCount => Volatile.Read(ref _upgrades);

    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Every accepted connection, in accept order.</summary>
    public IReadOnlyCollection<ServerConnection> Connections => _all;

    /// <summary>Accepted connections whose socket has not ended yet (a leak check once every client is gone).</summary>
    public int OpenConnections => _all.Count(c => !c.Closed.IsCompleted);

    /// <summary>Every command received on every connection, in order per connection.</summary>
    public IEnumerable<ReceivedCommand> Commands => _all.SelectMany(c => c.Commands);

    /// <summary>Drops the record of connections that have ended (from the oldest on) and of received requests, so a long soak measures the client, not this server's history.</summary>
    public void ForgetEndedConnections()
    {
        while (_all.TryPeek(out var oldest) && oldest.Closed.IsCompleted)
        {
            _all.TryDequeue(out _);
        }

        UpgradeQueries.Clear();
        lock (_gate)
        {
            _received.Clear();
        }
    }

    /// <summary>The number of the next upgrade request received (accepted or not).</summary>
    public Task<int> NextUpgradeAsync() => _upgradeRequests.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>The next accepted connection (in accept order).</summary>
    public Task<ServerConnection> NextConnectionAsync() => _accepted.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    public IEnumerable<ReceivedCommand> CommandsOf(string cmd) => Commands.Where(c => c.Cmd == cmd);

    internal async Task<bool> DispatchAsync(ServerConnection connection, ReceivedCommand command) =>
        OnCommand is { } handler && await handler(connection, command);

    private void ResetWebSocket()
    {
        OnUpgrade = _ => null;
        OnCommand = null;
        UpgradeQueries.Clear();
        _accepted = Channel.CreateUnbounded<ServerConnection>();
        _upgradeRequests = Channel.CreateUnbounded<int>();
    }

    private void AbortWebSockets()
    {
        foreach (var connection in _all)
        {
            connection.Abort();
        }
    }

    private async Task UpgradeAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _upgrades);
        UpgradeQueries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        var reply = OnUpgrade(number);
        _upgradeRequests.Writer.TryWrite(number);
        if (reply is not null)
        {
            await ReplyAsync(context, reply);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new ServerConnection(this, Interlocked.Increment(ref _connections), socket, context.Request.QueryString.Value ?? string.Empty);
        _all.Enqueue(connection);
        _accepted.Writer.TryWrite(connection);
        await connection.RunAsync(_stopping.Token);
    }
}
