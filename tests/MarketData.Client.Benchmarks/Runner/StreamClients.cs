using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketData.Client.Benchmarks.Fixtures;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>A stream consumer under test. Opening (connect + subscribe + ack) is not timed; receiving is.</summary>
internal interface IStreamClient
{
    string Name { get; }

    string Description { get; }

    Task<IStreamSession> OpenAsync(Uri baseAddress, PushFixture push, CancellationToken cancellationToken);
}

/// <summary>One connected, subscribed session; <see cref="ReceiveAsync"/> may be called several times.</summary>
internal interface IStreamSession : IAsyncDisposable
{
    /// <summary>Consumes exactly <paramref name="count"/> pushes; returns a checksum of what was decoded.</summary>
    Task<decimal> ReceiveAsync(long count, CancellationToken cancellationToken);
}

internal static class StreamClients
{
    public static IReadOnlyList<IStreamClient> All { get; } =
    [
        new RawClient("bare", "ClientWebSocket receive loop, parses nothing", _ => 0m),
        new RawClient("scan", "receive loop + one Utf8JsonReader pass over every token", m => AppDecoders.ScanTokens(m.Span)),
        new RawClient("jsondoc", "receive loop + JsonDocument + manual reads + decimal.Parse", m => AppDecoders.Checksum(AppDecoders.DecodeWithJsonDocument(m))),
        new RawClient("dto", "receive loop + source-gen string DTOs + decimal.Parse", m => AppDecoders.Checksum(AppDecoders.DecodeWithDto(m.Span))),
        new SdkStreamClient(),
    ];

    public static IStreamClient Get(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown client '{name}'. Available: {string.Join(", ", All.Select(c => c.Name))}.");

    public static Uri StreamUri(Uri baseAddress) =>
        new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "/v1/realtime", Query = "api_key=bench-key" }.Uri;

    public static byte[] SubscribeCommand(PushFixture push) => Command("subscribe", push.Channel, push.Symbols, ack: false);

    /// <summary>A command (<c>{"cmd","data":{"channel","symbols"}}</c>) or, with <paramref name="ack"/>, the server's success reply to it.</summary>
    public static byte[] Command(string cmd, string channel, IEnumerable<string> symbols, bool ack)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("cmd", cmd);
            if (ack)
            {
                w.WriteNumber("code", 0);
                w.WriteString("message", "success");
            }

            w.WriteStartObject("data");
            w.WriteString("channel", channel);
            w.WriteStartArray("symbols");
            foreach (var s in symbols)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Connects a <see cref="ClientWebSocket"/>, subscribes to <paramref name="push"/>'s symbols and waits for the ack; every later push goes to <paramref name="consume"/>.</summary>
    public static async Task<IStreamSession> OpenRawAsync(Uri baseAddress, PushFixture push, Func<ReadOnlyMemory<byte>, decimal> consume, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(StreamUri(baseAddress), cancellationToken);
            await socket.SendAsync(SubscribeCommand(push), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            var session = new Session(socket, consume);
            var ack = await session.ReceiveOneAsync(cancellationToken);
            if (!ack.Contains("\"subscribe\"", StringComparison.Ordinal) || !ack.Contains("\"code\":0", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Expected a subscribe ack, got: {ack}");
            }

            return session;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A hand-written client: <see cref="ClientWebSocket"/>, a pooled receive buffer, and a per-message consumer.</summary>
    private sealed class RawClient(string name, string description, Func<ReadOnlyMemory<byte>, decimal> consume) : IStreamClient
    {
        public string Name => name;

        public string Description => description;

        public Task<IStreamSession> OpenAsync(Uri baseAddress, PushFixture push, CancellationToken cancellationToken) =>
            OpenRawAsync(baseAddress, push, consume, cancellationToken);
    }

    private sealed class Session(ClientWebSocket socket, Func<ReadOnlyMemory<byte>, decimal> consume) : IStreamSession
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

        public async Task<string> ReceiveOneAsync(CancellationToken cancellationToken)
        {
            var text = string.Empty;
            await ReceiveCoreAsync(1, m => { text = Encoding.UTF8.GetString(m.Span); return 0m; }, cancellationToken);
            return text;
        }

        public Task<decimal> ReceiveAsync(long count, CancellationToken cancellationToken) => ReceiveCoreAsync(count, consume, cancellationToken);

        public ValueTask DisposeAsync()
        {
            // Abort rather than a close handshake: the server may still be pushing and a close would wait behind it.
            socket.Abort();
            socket.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            return ValueTask.CompletedTask;
        }

        private async Task<decimal> ReceiveCoreAsync(long count, Func<ReadOnlyMemory<byte>, decimal> handler, CancellationToken cancellationToken)
        {
            var checksum = 0m;
            var filled = 0;
            for (long received = 0; received < count;)
            {
                if (filled == _buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                    _buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = bigger;
                }

                var result = await socket.ReceiveAsync(_buffer.AsMemory(filled), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new IOException($"The server closed the stream after {received} of {count} pushes.");
                }

                filled += result.Count;
                if (result.EndOfMessage)
                {
                    checksum += handler(_buffer.AsMemory(0, filled));
                    filled = 0;
                    received++;
                }
            }

            return checksum;
        }
    }
}
