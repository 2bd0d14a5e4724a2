using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>One command as the server received it.</summary>
internal sealed record ReceivedCommand(int Connection, string Cmd, string? Channel, string[] Symbols, string? Type, string Raw);

/// <summary>The server side of one WebSocket connection.</summary>
internal sealed class ServerConnection
{
    public const long PongTimestamp = 1768976158541;

    private readonly LoopbackServer _server;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<ReceivedCommand> _inbox = Channel.CreateUnbounded<ReceivedCommand>();
    private readonly ConcurrentQueue<ReceivedCommand> _commands = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServerConnection(LoopbackServer server, int index, WebSocket socket, string query)
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
            var command = await _inbox.Reader.ReadAsync().AsTask().WaitAsync(LoopbackServer.Patience);
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
