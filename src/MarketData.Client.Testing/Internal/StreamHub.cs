using System.Net.WebSockets;
using System.Text.Json;
using MarketData.Client.Models;
using Microsoft.AspNetCore.Http;
using WireMock.WebSockets;

namespace MarketData.Client.Testing.Internal;

/// <summary>
/// The <c>/v1/realtime</c> side of the simulator: admits or refuses upgrades, answers commands as the service does
/// (STREAMING.md, asyncapi.json) and pushes ticker, depth and trade messages for the subscribed symbols.
/// </summary>
internal sealed class StreamHub
{
    public const string ItemKey = "MarketData.Simulator.Connection";
    private const int PushedDepthLevels = 10;
    private const int MaxTradesPerPush = 50;
    private static readonly string[] Channels = ["ticker", "depth", "trade"];

    private readonly object _lock = new();
    private readonly List<StreamConnection> _connections = [];
    private readonly InstrumentCatalog _catalog;
    private readonly MarketDataSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Counters _commands;
    private int _nextId;
    private volatile bool _silent;

    public StreamHub(InstrumentCatalog catalog, MarketDataSimulatorOptions options, Counters commands)
    {
        _catalog = catalog;
        _options = options;
        _time = options.TimeProvider;
        _commands = commands;
    }

    public SimulatorFaults? Faults { get; set; }

    public bool Silent
    {
        get => _silent;
        set => _silent = value;
    }

    public int ActiveCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    public int AcceptedCount => Volatile.Read(ref _nextId);

    public int SubscriptionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Sum(c => c.SubscriptionCount);
            }
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Decides an upgrade: a scripted rejection, then the API key, then the connection limit.</summary>
    public (StreamConnection? Connection, SimResponse? Rejection) Admit(HttpContext http, SimQuery query)
    {
        if (Faults?.TakeUpgradeRejection() is { } status)
        {
            return (null, UpgradeRejection(status));
        }

        var key = query.Get("api_key");
        if (key is null)
        {
            return (null, SimResponse.Error(new SimulatedError(ErrorCode.Unauthorized, "API key missing: pass ?api_key=")));
        }

        if (!string.Equals(key, _options.ApiKey, StringComparison.Ordinal))
        {
            return (null, SimResponse.Error(new SimulatedError(ErrorCode.InvalidToken, "Invalid or expired API key")));
        }

        lock (_lock)
        {
            if (_connections.Count >= _options.MaxStreamConnections)
            {
                return (null, SimResponse.Error(new SimulatedError(ErrorCode.ConnectionLimitExceeded,
                    $"Connection limit exceeded: at most {_options.MaxStreamConnections} connections per key")));
            }

            var connection = new StreamConnection("ws-" + Interlocked.Increment(ref _nextId), http, Now);
            _connections.Add(connection);
            return (connection, null);
        }
    }

    public void Release(StreamConnection connection)
    {
        connection.End();
        connection.Attach(null);
        lock (_lock)
        {
            _connections.Remove(connection);
        }
    }

    public List<StreamConnectionInfo> Snapshot()
    {
        lock (_lock)
        {
            return _connections.Select(c => new StreamConnectionInfo(c.Id, c.ConnectedAt, c.ClientIp, c.SubscriptionCount)).ToList();
        }
    }

    public int DropAll()
    {
        var connections = Connections();
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        return connections.Count;
    }

    public async Task<int> CloseAllAsync(WebSocketCloseStatus status, string description)
    {
        var connections = Connections();
        foreach (var connection in connections)
        {
            await connection.CloseAsync(status, description, CancellationToken.None).ConfigureAwait(false);
        }

        return connections.Count;
    }

    public async Task<bool> CloseAsync(string id, WebSocketCloseStatus status, string description)
    {
        var connection = Connections().FirstOrDefault(c => c.Id == id);
        if (connection is null)
        {
            return false;
        }

        return await connection.CloseAsync(status, description, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>WireMock's message handler: one call per message received.</summary>
    public async Task OnMessageAsync(WebSocketMessage message, IWebSocketContext context)
    {
        if (context.HttpContext.Items[ItemKey] is not StreamConnection connection)
        {
            return;
        }

        connection.Attach(context.WebSocket);
        if (message.MessageType == WebSocketMessageType.Text && message.Text is { } fragment)
        {
            // WireMock hands over each receive; a command that arrives in several frames is joined first.
            if (connection.Assemble(fragment, message.EndOfMessage) is not { } text)
            {
                return;
            }

            message = new WebSocketMessage { MessageType = message.MessageType, Text = text, EndOfMessage = true, Timestamp = message.Timestamp };
        }

        foreach (var reply in Handle(connection, message))
        {
            await connection.SendAsync(reply, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one round of pushes to every connection (unless silent).</summary>
    public async Task PushAsync(CancellationToken cancellationToken)
    {
        if (_silent)
        {
            return;
        }

        var now = Now;
        foreach (var connection in Connections())
        {
            foreach (var payload in Pushes(connection, connection.TakeSubscriptions(now), now))
            {
                if (_silent || !await connection.SendAsync(payload, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
    }

    private List<StreamConnection> Connections()
    {
        lock (_lock)
        {
            return [.. _connections];
        }
    }

    private static SimResponse UpgradeRejection(int status) => SimResponse.Error(status switch
    {
        401 => new SimulatedError(ErrorCode.InvalidToken, "Invalid or expired API key"),
        403 => new SimulatedError(ErrorCode.PermissionDenied, "This key may not open this connection"),
        429 => new SimulatedError(ErrorCode.ConnectionLimitExceeded, "Connection limit exceeded"),
        >= 500 => new SimulatedError("5002", status, "Service temporarily unavailable"),
        _ => new SimulatedError("2001", status, "Invalid request"),
    });

    private List<byte[]> Handle(StreamConnection connection, WebSocketMessage message)
    {
        if (message.MessageType != WebSocketMessageType.Text || message.Text is null)
        {
            _commands.Increment("(invalid)");
            return _silent ? [] : [Reply("error", ErrorCode.InvalidMessageFormat, "Invalid message format: send JSON text")];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Text);
        }
        catch (JsonException)
        {
            _commands.Increment("(invalid)");
            return _silent ? [] : [Reply("error", ErrorCode.InvalidParameters, "Invalid message format")];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cmd", out var cmdElement) || cmdElement.ValueKind != JsonValueKind.String)
            {
                _commands.Increment("(invalid)");
                return _silent ? [] : [Reply("error", ErrorCode.InvalidMessageFormat, "Invalid message format: cmd is required")];
            }

            var cmd = cmdElement.GetString()!;
            _commands.Increment(cmd);
            if (_silent)
            {
                return [];
            }

            return cmd switch
            {
                "ping" => [Json.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("cmd", "pong");
                    w.WriteNumber("code", 0);
                    w.WriteString("message", "pong");
                    w.WriteStartObject("data");
                    w.WriteNumber("timestamp", Now);
                    w.WriteEndObject();
                    w.WriteEndObject();
                })],
                "subscribe" => Subscribe(connection, root),
                "unsubscribe" => Unsubscribe(connection, root),
                _ => [Reply(cmd, ErrorCode.UnknownCommand, "Unknown command (supported: subscribe, unsubscribe, ping)")],
            };
        }
    }

    private List<byte[]> Subscribe(StreamConnection connection, JsonElement root)
    {
        if (!TryReadCommand(root, out var channel, out var symbols, out var type, out var invalid))
        {
            return [invalid!];
        }

        var now = Now;
        if (Faults?.TakeSubscribeError() is { } code)
        {
            return [ScriptedSubscribeError(connection, code, channel, symbols, type, now)];
        }

        var instruments = new List<SimInstrument>();
        var unknown = new List<string>();
        foreach (var symbol in symbols)
        {
            try
            {
                if (_catalog.TryResolve(symbol, type) is { } instrument)
                {
                    instruments.Add(instrument);
                }
                else
                {
                    unknown.Add(symbol);
                }
            }
            catch (SimulatedError error)
            {
                return [Reply("subscribe", error)];
            }
        }

        if (unknown.Count > 0)
        {
            return [Reply("subscribe", new SimulatedError(ErrorCode.SymbolNotFound, $"Symbol not found: {string.Join(",", unknown)}", w => WriteChannelSymbols(w, channel, unknown)))];
        }

        if (channel != "ticker" && instruments.FirstOrDefault(i => !i.Spec.HasDepthAndTrades) is { } unsupported)
        {
            return [Unavailable(channel, $"{(channel == "depth" ? "Depth" : "Trade")} subscriptions unavailable for {unsupported.Symbol}")];
        }

        lock (_lock)
        {
            var total = _connections.Sum(c => c.SubscriptionCount);
            var added = connection.CountNew(channel, instruments);
            if (total + added > _options.MaxSubscriptions)
            {
                return [Reply("subscribe", new SimulatedError(ErrorCode.SubscriptionLimitExceeded,
                    $"Subscription limit exceeded: at most {_options.MaxSubscriptions} subscriptions per key, {total} in use", w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("channel", channel);
                        w.WriteNumber("limit", _options.MaxSubscriptions);
                        w.WriteNumber("current", total);
                        w.WriteEndObject();
                    }))];
            }

            connection.Subscribe(channel, instruments, now);
        }

        var replies = new List<byte[]> { Ack("subscribe", channel, instruments.Select(i => i.Symbol)) };
        if (channel != "trade")
        {
            replies.AddRange(Pushes(connection, instruments.Select(i => (channel, i, now)).ToList(), now));
        }

        return replies;
    }

    private List<byte[]> Unsubscribe(StreamConnection connection, JsonElement root)
    {
        if (!TryReadCommand(root, out var channel, out var symbols, out var type, out var invalid))
        {
            return [invalid!];
        }

        var instruments = new List<SimInstrument>();
        foreach (var symbol in symbols)
        {
            try
            {
                if (_catalog.TryResolve(symbol, type) is { } instrument)
                {
                    instruments.Add(instrument);
                }
            }
            catch (SimulatedError)
            {
                // An ambiguous or conflicting spelling was never subscribed: nothing to remove.
            }
        }

        connection.Unsubscribe(channel, instruments);
        return [Ack("unsubscribe", channel, symbols)];
    }

    private bool TryReadCommand(JsonElement root, out string channel, out List<string> symbols, out SymbolType? type, out byte[]? invalid)
    {
        var cmd = root.GetProperty("cmd").GetString()!;
        channel = string.Empty;
        symbols = [];
        type = null;
        invalid = null;
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("channel", out var channelElement) || channelElement.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("symbols", out var symbolsElement) || symbolsElement.ValueKind != JsonValueKind.Array)
        {
            invalid = Reply(cmd, ErrorCode.InvalidMessageFormat, "Invalid message format: data.channel and data.symbols are required");
            return false;
        }

        channel = channelElement.GetString()!;
        if (!Channels.Contains(channel, StringComparer.Ordinal))
        {
            invalid = Reply(cmd, ErrorCode.InvalidParameters, "Invalid parameter: channel must be one of ticker, depth, trade");
            return false;
        }

        foreach (var item in symbolsElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                invalid = Reply(cmd, ErrorCode.InvalidMessageFormat, "Invalid message format: symbols must be strings");
                return false;
            }

            symbols.Add(item.GetString()!.Trim());
        }

        if (symbols.Count == 0)
        {
            invalid = Reply(cmd, ErrorCode.InvalidParameters, "Invalid parameter: symbols is empty");
            return false;
        }

        if (data.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String && typeElement.GetString() is { Length: > 0 } typeText)
        {
            if (typeText is not ("stock" or "indices" or "crypto" or "forex" or "futures"))
            {
                invalid = Reply(cmd, ErrorCode.InvalidParameters, "Invalid parameter: type must be one of stock, indices, crypto, forex, futures");
                return false;
            }

            type = SymbolType.Parse(typeText);
        }

        return true;
    }

    private byte[] ScriptedSubscribeError(StreamConnection connection, ErrorCode code, string channel, List<string> symbols, SymbolType? type, long now)
    {
        var message = MarketDataErrors.Describe(code).Meaning;
        switch (code)
        {
            case ErrorCode.DepthSubscriptionUnavailable or ErrorCode.TradeSubscriptionUnavailable:
                return Unavailable(code == ErrorCode.DepthSubscriptionUnavailable ? "depth" : "trade", message);
            case ErrorCode.RealtimeDataUnavailable:
                var subscribed = symbols.Take(1).ToList();
                var failed = symbols.Skip(1).ToList();
                try
                {
                    if (_catalog.TryResolve(subscribed[0], type) is { } first)
                    {
                        connection.Subscribe(channel, [first], now);
                    }
                }
                catch (SimulatedError)
                {
                    subscribed.Clear();
                }

                return Reply("subscribe", new SimulatedError(code, "Real-time data temporarily unavailable for some symbols", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("channel", channel);
                    WriteArray(w, "symbols", subscribed);
                    WriteArray(w, "failed_symbols", failed);
                    WriteArray(w, "retryable_symbols", failed);
                    w.WriteBoolean("retryable", true);
                    w.WriteEndObject();
                }));
            default:
                return Reply("subscribe", new SimulatedError(code, message));
        }
    }

    private static byte[] Unavailable(string channel, string message) =>
        Reply("subscribe", new SimulatedError(channel == "depth" ? ErrorCode.DepthSubscriptionUnavailable : ErrorCode.TradeSubscriptionUnavailable, message, w =>
        {
            w.WriteStartObject();
            w.WriteString("channel", channel);
            w.WriteString("suggestion", channel == "depth"
                ? "Use HTTP API /v1/market/depth for current depth data"
                : "Use HTTP API /v1/market/trades for recent trades");
            w.WriteEndObject();
        }));

    private List<byte[]> Pushes(StreamConnection connection, List<(string Channel, SimInstrument Instrument, long TradesAfter)> subscriptions, long now)
    {
        var payloads = new List<byte[]>();
        foreach (var (channel, instrument, tradesAfter) in subscriptions)
        {
            var symbol = _options.PushBareSymbols ? instrument.PushSymbol : instrument.Symbol;
            switch (channel)
            {
                case "ticker":
                    payloads.Add(Push("ticker", w =>
                    {
                        WireFormat.WriteTickerFields(w, instrument, MarketModel.Ticker(instrument, now), symbol, includeName: false);
                        if (instrument.IsStock && instrument.Spec.Market == Market.US && MarketModel.Session(now) is var session && session != "regular")
                        {
                            w.WriteString("trade_session", session);
                        }
                    }));
                    break;
                case "depth":
                    var (bids, asks) = MarketModel.Depth(instrument, now, PushedDepthLevels);
                    payloads.Add(Push("depth", w =>
                    {
                        w.WriteString("symbol", symbol);
                        w.WriteString("type", instrument.Type.Value);
                        WireFormat.WriteLevels(w, "bids", bids);
                        WireFormat.WriteLevels(w, "asks", asks);
                        w.WriteNumber("timestamp", now);
                    }));
                    break;
                default:
                    payloads.AddRange(TradePushes(instrument, symbol, MarketModel.Trades(instrument, tradesAfter, now, MaxTradesPerPush)));
                    break;
            }
        }

        return payloads;
    }

    private static IEnumerable<byte[]> TradePushes(SimInstrument instrument, string symbol, List<TradeValues> trades)
    {
        if (trades.Count == 0)
        {
            yield break;
        }

        if (instrument.IsFutures)
        {
            // China futures push one trade per message, flat.
            foreach (var trade in trades)
            {
                yield return Push("trade", w =>
                {
                    w.WriteString("symbol", symbol);
                    w.WriteString("type", "futures");
                    WireFormat.WriteTradeFields(w, instrument, trade);
                });
            }

            yield break;
        }

        yield return Push("trade", w =>
        {
            w.WriteString("symbol", symbol);
            w.WriteString("type", instrument.Type.Value);
            WireFormat.WriteTradesArray(w, instrument, trades);
        });
    }

    private static byte[] Push(string cmd, Action<Utf8JsonWriter> writeData) => Json.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("cmd", cmd);
        w.WriteStartObject("data");
        writeData(w);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] Ack(string cmd, string channel, IEnumerable<string> symbols) => Json.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("cmd", cmd);
        w.WriteNumber("code", 0);
        w.WriteString("message", "success");
        w.WritePropertyName("data");
        WriteChannelSymbols(w, channel, symbols);
        w.WriteEndObject();
    });

    private static byte[] Reply(string cmd, ErrorCode code, string message) => Reply(cmd, new SimulatedError(code, message));

    private static byte[] Reply(string cmd, SimulatedError error) => Json.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("cmd", cmd);
        w.WriteCode(error.WireCode);
        w.WriteString("message", error.Message);
        w.WritePropertyName("data");
        if (error.WriteData is { } data)
        {
            data(w);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
    });

    private static void WriteChannelSymbols(Utf8JsonWriter w, string channel, IEnumerable<string> symbols)
    {
        w.WriteStartObject();
        w.WriteString("channel", channel);
        WriteArray(w, "symbols", symbols);
        w.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}

/// <summary>A row of <c>GET /v1/connections</c>.</summary>
internal sealed record StreamConnectionInfo(string Id, long ConnectedAt, string ClientIp, int SubscriptionCount);
