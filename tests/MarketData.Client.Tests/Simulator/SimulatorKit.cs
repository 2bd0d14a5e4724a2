using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketData.Client.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Simulator;

/// <summary>Shared set-up of the simulator tests: a frozen clock, and a raw WebSocket client with guarded waits.</summary>
internal static class SimulatorKit
{
    /// <summary>A weekday during US regular hours, half-way through a minute (so every bar in progress has traded).</summary>
    public static readonly DateTimeOffset FrozenNow = new(2026, 3, 11, 14, 40, 30, TimeSpan.Zero);

    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    /// <summary>A simulator whose clock stands still (so consecutive calls see the same market) and that only pushes on demand.</summary>
    public static Task<MarketDataSimulator> StartFrozenAsync(Action<MarketDataSimulatorOptions>? configure = null) =>
        StartFrozenAsync(new FakeTimeProvider(FrozenNow), configure);

    public static Task<MarketDataSimulator> StartFrozenAsync(TimeProvider clock, Action<MarketDataSimulatorOptions>? configure = null)
    {
        var options = new MarketDataSimulatorOptions { TimeProvider = clock, PushInterval = Timeout.InfiniteTimeSpan };
        configure?.Invoke(options);
        return MarketDataSimulator.StartAsync(options);
    }

    /// <summary>A client without retries unless asked, so attempt counts are exact.</summary>
    public static MarketDataClient Client(MarketDataSimulator sim, Action<MarketDataClientOptions>? configure = null) =>
        sim.CreateClient(o =>
        {
            o.Resilience.UseJitter = false;
            configure?.Invoke(o);
        });
}

/// <summary>A raw <see cref="ClientWebSocket"/> speaking the stream protocol, every wait guarded.</summary>
internal sealed class RawStream : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    private RawStream()
    {
        _socket.Options.CollectHttpResponseDetails = true;
    }

    public ClientWebSocket Socket => _socket;

    public static async Task<RawStream> ConnectAsync(MarketDataSimulator sim, string? apiKey = "default")
    {
        var stream = new RawStream();
        var key = apiKey == "default" ? sim.ApiKey : apiKey;
        var uri = key is null ? sim.StreamAddress : new Uri(sim.StreamAddress + "?api_key=" + Uri.EscapeDataString(key));
        await stream._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(SimulatorKit.Guard);
        return stream;
    }

    /// <summary>Connects, sends a subscribe command and waits for its acknowledgement (pushes after it stay unread).</summary>
    public static async Task<RawStream> ConnectAndSubscribeAsync(MarketDataSimulator sim, string subscribe)
    {
        var stream = await ConnectAsync(sim);
        await stream.SendAsync(subscribe);
        var ack = await stream.ReceiveAsync("subscribe");
        ack.GetProperty("code").GetInt32().Should().Be(0);
        return stream;
    }

    /// <summary>Tries to connect and returns the HTTP status of the refused upgrade.</summary>
    public static async Task<(int Status, string Body)> RefusedAsync(MarketDataSimulator sim, string? apiKey = "default")
    {
        var key = apiKey == "default" ? sim.ApiKey : apiKey;
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = key is null ? sim.StreamAddress : new Uri(sim.StreamAddress + "?api_key=" + Uri.EscapeDataString(key));
        var connect = () => socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(SimulatorKit.Guard);
        await connect.Should().ThrowAsync<WebSocketException>();
        return ((int)socket.HttpStatusCode, string.Empty);
    }

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(SimulatorKit.Guard);

    /// <summary>The next text message, parsed.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(SimulatorKit.Guard);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"closed by the server: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Receives until a message with this <c>cmd</c> arrives (others are collected into <paramref name="skipped"/>).</summary>
    public async Task<JsonElement> ReceiveAsync(string cmd, List<JsonElement>? skipped = null)
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.GetProperty("cmd").GetString() == cmd)
            {
                return message;
            }

            skipped?.Add(message);
        }
    }

    /// <summary>Sends a ping and returns every message that arrived before its pong: the server answers in order, so nothing else is pending.</summary>
    public async Task<List<JsonElement>> PingAndCollectAsync()
    {
        await SendAsync("""{"cmd":"ping"}""");
        var before = new List<JsonElement>();
        await ReceiveAsync("pong", before);
        return before;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(SimulatorKit.Guard);
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException)
            {
                _socket.Abort();
            }
        }

        _socket.Dispose();
    }
}

/// <summary>A WebSocket upgrade sent by hand, to read the HTTP answer of a refused upgrade (status and body).</summary>
internal static class RawUpgrade
{
    public static async Task<(int Status, string Body)> SendAsync(MarketDataSimulator sim, string? query)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, sim.Port).WaitAsync(SimulatorKit.Guard);
        var stream = tcp.GetStream();
        var request = $"GET {MarketDataSimulator.StreamPath}{query} HTTP/1.1\r\nHost: 127.0.0.1:{sim.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request)).AsTask().WaitAsync(SimulatorKit.Guard);
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.UTF8.GetString(received.ToArray());
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd >= 0)
            {
                var status = int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                var lengthLine = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (received.Count >= headerEnd + 4 + length)
                {
                    return (status, Encoding.UTF8.GetString(received.ToArray(), headerEnd + 4, length));
                }
            }

            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(SimulatorKit.Guard);
            if (n == 0)
            {
                throw new IOException("connection closed before a complete answer");
            }

            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
    }
}
