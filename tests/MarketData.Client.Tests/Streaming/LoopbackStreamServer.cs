using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Tests.Streaming;

/// <summary>How the server answers one upgrade request: accept (null), refuse with an HTTP reply, or never answer.</summary>
internal sealed record UpgradeReply(int StatusCode, string? Body = null, string? RetryAfter = null, bool Hang = false)
{
    public static UpgradeReply Refuse(int status, string code, string? retryAfter = null) =>
        new(status, $$"""{"code":"{{code}}","message":"refused by the test server"}""", retryAfter);

    public static UpgradeReply Hanging { get; } = new(0, Hang: true);

    /// <summary>A <c>Location</c> header on the refusal (a redirect).</summary>
    public string? Location { get; init; }
}

/// <summary>
/// A scriptable realtime server on 127.0.0.1 (Kestrel): accepts or refuses upgrades, records every command it receives,
/// answers subscribe/unsubscribe/ping by default, and lets a test push any frame, fragment, close, abort or go silent.
/// </summary>
internal sealed class LoopbackStreamServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly Channel<ServerConnection> _accepted = Channel.CreateUnbounded<ServerConnection>();
    private readonly Channel<int> _upgradeRequests = Channel.CreateUnbounded<int>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ServerConnection> _all = new();
    private int _upgrades;
    private int _connections;

    private LoopbackStreamServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Decides each upgrade; the argument is the 1-based upgrade number. Default: accept.</summary>
    public Func<int, UpgradeReply?> OnUpgrade { get; set; } = _ => null;

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

    public static async Task<LoopbackStreamServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackStreamServer(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/v1/realtime", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>Drops the record of connections that have ended (from the oldest on), so a long soak measures the client, not this server's history.</summary>
    public void ForgetEndedConnections()
    {
        while (_all.TryPeek(out var oldest) && oldest.Closed.IsCompleted)
        {
            _all.TryDequeue(out _);
        }

        UpgradeQueries.Clear();
    }

    /// <summary>The number of the next upgrade request received (accepted or not).</summary>
    public Task<int> NextUpgradeAsync() => _upgradeRequests.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>The next accepted connection (in accept order).</summary>
    public Task<ServerConnection> NextConnectionAsync() => _accepted.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    public IEnumerable<ReceivedCommand> CommandsOf(string cmd) => Commands.Where(c => c.Cmd == cmd);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var connection in _all)
        {
            connection.Abort();
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _upgrades);
        UpgradeQueries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        var reply = OnUpgrade(number);
        _upgradeRequests.Writer.TryWrite(number);
        if (reply is { Hang: true })
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (reply is not null)
        {
            context.Response.StatusCode = reply.StatusCode;
            if (reply.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            if (reply.Location is { } location)
            {
                context.Response.Headers.Location = location;
            }

            if (reply.Body is { } body)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body);
            }

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

    internal async Task<bool> DispatchAsync(ServerConnection connection, ReceivedCommand command) =>
        OnCommand is { } handler && await handler(connection, command);
}

/// <summary>One command as the server received it.</summary>
internal sealed record ReceivedCommand(int Connection, string Cmd, string? Channel, string[] Symbols, string? Type, string Raw);

/// <summary>The server side of one WebSocket connection.</summary>
internal sealed class ServerConnection
{
    public const long PongTimestamp = 1768976158541;

    private readonly LoopbackStreamServer _server;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<ReceivedCommand> _inbox = Channel.CreateUnbounded<ReceivedCommand>();
    private readonly ConcurrentQueue<ReceivedCommand> _commands = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServerConnection(LoopbackStreamServer server, int index, WebSocket socket, string query)
    {
        _server = server;
        Index = index;
        Socket = socket;
        Query = query;
    }

    public int Index { get; }

    /// <summary>The query string of the upgrade (it carries the client's <c>api_key</c>): tells apart the connections of several clients.</summary>
    public string Query { get; }

    public WebSocket Socket { get; }

    /// <summary>When set, commands are recorded but never answered (a half-open or stuck server).</summary>
    public bool Silent { get; set; }

    public IReadOnlyCollection<ReceivedCommand> Commands => _commands;

    /// <summary>Completes with the client's close status when the client closes (null when the connection just ends).</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public async Task<ReceivedCommand> NextCommandAsync(string? cmd = null)
    {
        while (true)
        {
            var command = await _inbox.Reader.ReadAsync().AsTask().WaitAsync(LoopbackStreamServer.Patience);
            if (cmd is null || command.Cmd == cmd)
            {
                return command;
            }
        }
    }

    public Task SendAsync(string json) => SendFramesAsync(WebSocketMessageType.Text, Encoding.UTF8.GetBytes(json));

    /// <summary>Sends one message split into WebSocket continuation frames at the given byte offsets.</summary>
    public async Task SendFragmentedAsync(string json, int parts)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var size = (bytes.Length + parts - 1) / parts;
        await _sendLock.WaitAsync();
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var length = Math.Min(size, bytes.Length - offset);
                await Socket.SendAsync(bytes.AsMemory(offset, length), WebSocketMessageType.Text, offset + length >= bytes.Length, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends <paramref name="count"/> text messages, <paramref name="frame"/>(i) for i = 1..count, back to back under one send lock.</summary>
    public async Task FloodAsync(Func<int, string> frame, int count)
    {
        await _sendLock.WaitAsync();
        try
        {
            for (var i = 1; i <= count; i++)
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(frame(i)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task SendBinaryAsync(byte[] bytes) => SendFramesAsync(WebSocketMessageType.Binary, bytes);

    /// <summary>Sends raw bytes as one text message (they need not be valid UTF-8 or JSON).</summary>
    public Task SendFramesAsync(byte[] bytes) => SendFramesAsync(WebSocketMessageType.Text, bytes);

    /// <summary>Sends the first part of a text message without its end, so the client is left mid-frame. Cancelling aborts the connection.</summary>
    public async Task SendPartialAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: false, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task AckAsync(ReceivedCommand command) =>
        SendAsync($$$"""{"cmd":"{{{command.Cmd}}}","code":0,"message":"success","data":{"channel":"{{{command.Channel}}}","symbols":{{{JsonSerializer.Serialize(command.Symbols)}}}}}""");

    /// <summary>Answers a command with an error: a numeric code is sent as a JSON number, any other as a string.</summary>
    public Task RefuseAsync(ReceivedCommand command, string code, string? dataJson = null)
    {
        var codeJson = long.TryParse(code, out _) ? code : JsonSerializer.Serialize(code);
        return SendAsync($$"""{"cmd":"{{command.Cmd}}","code":{{codeJson}},"message":"refused by the test server","data":{{dataJson ?? "null"}}}""");
    }

    public Task PongAsync(long timestamp = PongTimestamp) =>
        SendAsync($$$"""{"cmd":"pong","code":0,"message":"pong","data":{"timestamp":{{{timestamp}}}}}""");

    public async Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.EndpointUnavailable)
    {
        await _sendLock.WaitAsync();
        try
        {
            await Socket.CloseOutputAsync(status, "test server closing", CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Abort()
    {
        try
        {
            Socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request is over already.
        }
    }

    internal async Task RunAsync(CancellationToken stopping)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await Socket.ReceiveAsync(buffer, stopping);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(result.CloseStatus);
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await _sendLock.WaitAsync(CancellationToken.None);
                        try
                        {
                            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        }
                        finally
                        {
                            _sendLock.Release();
                        }
                    }

                    return;
                }

                var command = Parse(Encoding.UTF8.GetString(message.ToArray()));
                _commands.Enqueue(command);
                _inbox.Writer.TryWrite(command);
                if (await _server.DispatchAsync(this, command) || Silent)
                {
                    continue;
                }

                switch (command.Cmd)
                {
                    case "subscribe" or "unsubscribe":
                        await AckAsync(command);
                        break;
                    case "ping":
                        await PongAsync();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Aborted by the test or the client.
        }
        finally
        {
            _closed.TrySetResult(null);
        }
    }

    private ReceivedCommand Parse(string raw)
    {
        using var doc = JsonDocument.Parse(raw);
        var root = doc.RootElement;
        var cmd = root.GetProperty("cmd").GetString()!;
        string? channel = null, type = null;
        var symbols = Array.Empty<string>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            channel = data.TryGetProperty("channel", out var c) ? c.GetString() : null;
            type = data.TryGetProperty("type", out var t) ? t.GetString() : null;
            symbols = data.TryGetProperty("symbols", out var s) ? s.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        }

        return new ReceivedCommand(Index, cmd, channel, symbols, type, raw);
    }

    private async Task SendFramesAsync(WebSocketMessageType type, byte[] bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            await Socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
