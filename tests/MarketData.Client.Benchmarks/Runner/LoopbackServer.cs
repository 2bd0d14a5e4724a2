using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MarketData.Client.Benchmarks.Fixtures;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// The other end of the throughput runs: a raw-socket HTTP/1.1 + WebSocket server on loopback, run in its own process
/// (<c>server</c> mode) so that its CPU and garbage are not the client's. It does as little as possible per message:
/// pushes are rendered and framed once per session, then written in 64 KB blocks of whole frames.
/// <list type="bullet">
/// <item><c>GET /v1/market/ticker</c>: a fixed ticker envelope (REST runs).</item>
/// <item><c>GET /v1/realtime</c> (upgrade): acks subscribe/unsubscribe, answers ping with pong, and after the first
/// subscribe pushes <c>count</c> pushes of the planned shape, round robin over the subscribed symbols.</item>
/// <item><c>GET /bench/plan?push=ticker-us&amp;count=N</c>: what the next WebSocket session pushes.</item>
/// <item><c>GET /bench/plan?...&amp;rate=R&amp;tick=µs&amp;pacing=yield|sleep</c>: the next session paces its pushes at R per
/// second and stamps each with its send time (<see cref="PacedPusher"/>), for the latency runs.</item>
/// <item><c>GET /bench/stats</c>: the server process's CPU time in ms (so runs can report server CPU too).</item>
/// <item><c>GET /bench/clock</c>: this process's <see cref="Stopwatch.GetTimestamp"/> and <see cref="Stopwatch.Frequency"/>.</item>
/// </list>
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private const int BlockBytes = 64 * 1024;
    private static readonly byte[] NotFound = Response("404 Not Found", "text/plain", "not found"u8);

    private readonly Socket _listener;
    private readonly byte[] _tickersResponse;
    private volatile StreamPlan _plan = new(StreamPayloads.TickerUs.Name, 100_000);

    public LoopbackServer(int port)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(512);
        _tickersResponse = Response("200 OK", "application/json; charset=utf-8", RestBodies.Tickers(RestBodies.DefaultTickerSymbols));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket, cancellationToken), CancellationToken.None);
        }
    }

    public void Dispose() => _listener.Dispose();

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var connection = new Connection(socket);
        try
        {
            while (await connection.ReadRequestAsync(cancellationToken) is { } request)
            {
                if (request.Path == "/v1/realtime" && request.WebSocketKey is { } key)
                {
                    await RunWebSocketAsync(connection, key, cancellationToken);
                    return;
                }

                var reply = request.Path switch
                {
                    "/v1/market/ticker" => _tickersResponse,
                    "/bench/plan" => SetPlan(request.Query),
                    "/bench/stats" => Stats(),
                    "/bench/clock" => Clock(),
                    _ => NotFound,
                };
                await connection.Stream.WriteAsync(reply, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (the bare clients abort their socket when they have counted their pushes).
        }
    }

    private byte[] SetPlan(IReadOnlyDictionary<string, string> query)
    {
        var push = StreamPayloads.Get(query.GetValueOrDefault("push", StreamPayloads.TickerUs.Name)).Name;
        var count = long.Parse(query.GetValueOrDefault("count", "100000"), CultureInfo.InvariantCulture);
        var rate = long.Parse(query.GetValueOrDefault("rate", "0"), CultureInfo.InvariantCulture);
        var paced = rate <= 0 ? null : new PacedPlan(
            count,
            rate,
            int.Parse(query.GetValueOrDefault("tick", "1000"), CultureInfo.InvariantCulture),
            Enum.Parse<Pacing>(query.GetValueOrDefault("pacing", nameof(Pacing.Yield)), ignoreCase: true));
        _plan = new StreamPlan(push, count, paced);
        return Response("200 OK", "text/plain", "ok"u8);
    }

    private static byte[] Stats()
    {
        using var self = Process.GetCurrentProcess();
        var ms = self.TotalProcessorTime.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
        return Response("200 OK", "text/plain", Encoding.ASCII.GetBytes(ms));
    }

    private static byte[] Clock() =>
        Response("200 OK", "text/plain", Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetTimestamp()} {Stopwatch.Frequency}")));

    private async Task RunWebSocketAsync(Connection connection, string key, CancellationToken cancellationToken)
    {
        var handshake = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                        $"Sec-WebSocket-Accept: {WebSocketFraming.AcceptKey(key)}\r\n\r\n";
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(handshake), cancellationToken);

        var plan = _plan;
        using var sendLock = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? pushing = null;
        try
        {
            while (await connection.ReadMessageAsync(cancellationToken) is { } message)
            {
                switch (message.Opcode)
                {
                    case WebSocketFraming.OpText:
                        var command = Command.Parse(message.Payload);
                        var reply = command.Cmd switch
                        {
                            "subscribe" or "unsubscribe" => Ack(command),
                            "ping" => Pong(),
                            _ => """{"cmd":"unknown","code":4001,"message":"Unknown command"}"""u8.ToArray(),
                        };
                        await SendAsync(connection, sendLock, WebSocketFraming.Frame(WebSocketFraming.OpText, reply), cancellationToken);
                        if (command.Cmd == "subscribe" && pushing is null && command.Symbols.Count > 0)
                        {
                            pushing = plan.Paced is { } paced
                                ? Task.Factory.StartNew(() => PacedPusher.Run(connection.Stream, sendLock, StreamPayloads.Get(plan.Push), command.Symbols, paced, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                                : PushAsync(connection, sendLock, plan, command.Symbols, stop.Token);
                        }

                        break;
                    case WebSocketFraming.OpPing:
                        await SendAsync(connection, sendLock, WebSocketFraming.Frame(WebSocketFraming.OpPong, message.Payload), cancellationToken);
                        break;
                    case WebSocketFraming.OpClose:
                        await SendAsync(connection, sendLock, WebSocketFraming.Frame(WebSocketFraming.OpClose, [0x03, 0xE8]), cancellationToken);
                        return;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            if (pushing is not null)
            {
                try
                {
                    await pushing;
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // Client gone mid-push.
                }
            }
        }
    }

    private static async Task PushAsync(Connection connection, SemaphoreSlim sendLock, StreamPlan plan, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        // Render and frame once, then lay whole frames into one block of at least 64 KB (whole rounds of symbols).
        var fixture = StreamPayloads.Get(plan.Push);
        var frames = symbols.Select(s => WebSocketFraming.Frame(WebSocketFraming.OpText, fixture.Render(s))).ToArray();
        var block = new ArrayBufferWriter<byte>(BlockBytes * 2);
        var ends = new List<int> { 0 };
        while (block.WrittenCount < BlockBytes || (ends.Count - 1) % frames.Length != 0)
        {
            block.Write(frames[(ends.Count - 1) % frames.Length]);
            ends.Add(block.WrittenCount);
        }

        var bytes = block.WrittenMemory;
        var framesPerBlock = ends.Count - 1;
        var remaining = plan.Count;
        while (remaining > 0)
        {
            var n = (int)Math.Min(remaining, framesPerBlock);
            await SendAsync(connection, sendLock, bytes[..ends[n]], cancellationToken);
            remaining -= n;
        }
    }

    private static async Task SendAsync(Connection connection, SemaphoreSlim sendLock, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken);
        try
        {
            await connection.Stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            sendLock.Release();
        }
    }

    private static byte[] Ack(Command command) => StreamClients.Command(command.Cmd, command.Channel, command.Symbols, ack: true);

    private static byte[] Pong() => Encoding.UTF8.GetBytes(
        $$$"""{"cmd":"pong","code":0,"message":"pong","data":{"timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}}}""");

    private static byte[] Response(string status, string contentType, ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    private sealed record StreamPlan(string Push, long Count, PacedPlan? Paced = null);

    private sealed record Request(string Path, IReadOnlyDictionary<string, string> Query, string? WebSocketKey);

    private sealed record Message(byte Opcode, byte[] Payload);

    private sealed record Command(string Cmd, string Channel, IReadOnlyList<string> Symbols)
    {
        public static Command Parse(byte[] json)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                var root = doc.RootElement;
                var cmd = root.TryGetProperty("cmd", out var c) ? c.GetString() ?? string.Empty : string.Empty;
                var channel = string.Empty;
                var symbols = new List<string>();
                if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                {
                    channel = data.TryGetProperty("channel", out var ch) ? ch.GetString() ?? string.Empty : string.Empty;
                    if (data.TryGetProperty("symbols", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        symbols.AddRange(list.EnumerateArray().Select(s => s.GetString() ?? string.Empty));
                    }
                }

                return new Command(cmd, channel, symbols);
            }
            catch (JsonException)
            {
                return new Command(string.Empty, string.Empty, []);
            }
        }
    }

    /// <summary>A socket with a read buffer: HTTP request heads, then (after an upgrade) masked client frames.</summary>
    private sealed class Connection(Socket socket) : IDisposable
    {
        private byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public NetworkStream Stream { get; } = new(socket, ownsSocket: true);

        public void Dispose() => Stream.Dispose();

        public async Task<Request?> ReadRequestAsync(CancellationToken cancellationToken)
        {
            int headEnd;
            while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var head = Encoding.ASCII.GetString(_buffer, _start, headEnd);
            _start += headEnd + 4;
            var lines = head.Split("\r\n");
            var target = lines[0].Split(' ')[1];
            var q = target.IndexOf('?');
            var path = q < 0 ? target : target[..q];
            var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (q >= 0)
            {
                foreach (var pair in target[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    query[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
                }
            }

            string? key = null;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
                {
                    key = line[(colon + 1)..].Trim();
                }
            }

            return new Request(path, query, key);
        }

        /// <summary>One whole client message (continuation frames joined), unmasked; null at end of stream.</summary>
        public async Task<Message?> ReadMessageAsync(CancellationToken cancellationToken)
        {
            byte opcode = 0;
            var payload = new List<byte>();
            while (true)
            {
                if (!await EnsureAsync(2, cancellationToken))
                {
                    return null;
                }

                var b0 = _buffer[_start];
                var b1 = _buffer[_start + 1];
                var masked = (b1 & 0x80) != 0;
                long length = b1 & 0x7F;
                var header = 2;
                if (length == 126)
                {
                    header = 4;
                }
                else if (length == 127)
                {
                    header = 10;
                }

                if (!await EnsureAsync(header + (masked ? 4 : 0), cancellationToken))
                {
                    return null;
                }

                if (length == 126)
                {
                    length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 2));
                }
                else if (length == 127)
                {
                    length = (long)BinaryPrimitives.ReadUInt64BigEndian(_buffer.AsSpan(_start + 2));
                }

                if (length > 16 * 1024 * 1024)
                {
                    throw new IOException("Client frame too large for the benchmark server.");
                }

                var maskAt = _start + header;
                var total = header + (masked ? 4 : 0) + (int)length;
                if (!await EnsureAsync(total, cancellationToken))
                {
                    return null;
                }

                maskAt = _start + header;
                var dataAt = maskAt + (masked ? 4 : 0);
                var data = _buffer.AsSpan(dataAt, (int)length).ToArray();
                if (masked)
                {
                    for (var i = 0; i < data.Length; i++)
                    {
                        data[i] ^= _buffer[maskAt + (i & 3)];
                    }
                }

                _start += total;
                var op = (byte)(b0 & 0x0F);
                var fin = (b0 & 0x80) != 0;
                if (op >= 0x8)
                {
                    // Control frames may arrive between fragments of a message.
                    return new Message(op, data);
                }

                if (op != 0)
                {
                    opcode = op;
                }

                payload.AddRange(data);
                if (fin)
                {
                    return new Message(opcode, [.. payload]);
                }
            }
        }

        private async Task<bool> EnsureAsync(int count, CancellationToken cancellationToken)
        {
            while (_end - _start < count)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await Stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read;
            return read > 0;
        }
    }
}
