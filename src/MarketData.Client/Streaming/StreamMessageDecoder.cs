using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using MarketData.Client.Models;
using MarketData.Client.Serialization;

namespace MarketData.Client.Streaming;

/// <summary>What a frame turned out to be.</summary>
internal enum FrameKind
{
    /// <summary>A push: <see cref="DecodedFrame.Message"/> is set.</summary>
    Data,

    /// <summary>An answer to a command, or an error message (<see cref="DecodedFrame.Code"/> set when it is an error).</summary>
    Reply,

    /// <summary>A well-formed message of a kind the SDK does not know (an unknown <c>cmd</c>): ignored.</summary>
    Ignored,

    /// <summary>Not JSON, not an object, or a push that lacks a required field: <see cref="DecodedFrame.Problem"/> says why.</summary>
    Malformed,
}

/// <summary>The commands the stream sends; their answers are matched to them in order.</summary>
internal enum CommandKind
{
    Subscribe,
    Unsubscribe,
    Ping,
}

/// <summary>One decoded frame.</summary>
internal struct DecodedFrame
{
    public FrameKind Kind;
    public StreamMessage? Message;

    /// <summary>For a reply: the command it answers; null for <c>cmd: "error"</c> or any other name.</summary>
    public CommandKind? ReplyTo;

    /// <summary>For a reply that answers no known command: the <c>cmd</c> as sent.</summary>
    public string? Command;

    /// <summary>The error code as sent; null on success.</summary>
    public string? Code;

    public string? ServerMessage;
    public JsonElement? ErrorData;
    public DateTimeOffset? ServerTime;
    public string? Problem;
}

/// <summary>
/// Decodes realtime frames straight from the UTF-8 bytes of the receive buffer: one <see cref="Utf8JsonReader"/> pass for
/// the envelope (in any member order), one over the <c>data</c> slice; decimals parsed from bytes, symbols interned, no
/// strings for <c>cmd</c>, member names or prices. Not thread-safe: one decoder per receive loop.
/// </summary>
internal sealed class StreamMessageDecoder
{
    private static readonly Spellings<SymbolType> SymbolTypes = new(SymbolType.Stock, SymbolType.Indices, SymbolType.Crypto, SymbolType.Forex, SymbolType.Futures);
    private static readonly Spellings<TradeSide> Sides = new(TradeSide.Buy, TradeSide.Sell, TradeSide.Neutral);
    private static readonly Spellings<TradeSession> Sessions = new(TradeSession.Regular, TradeSession.PreMarket, TradeSession.PostMarket, TradeSession.Overnight);
    private static readonly Spellings<PositionEffect> Effects = new(
        PositionEffect.LongOpen, PositionEffect.ShortOpen, PositionEffect.BothOpen, PositionEffect.LongClose,
        PositionEffect.ShortClose, PositionEffect.BothClose, PositionEffect.LongTransfer, PositionEffect.ShortTransfer);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 32 };

    /// <summary>The known <c>cmd</c> values, most frequent first (their names are the enum members in lower case).</summary>
    private static readonly (byte[] Utf8, Cmd Cmd)[] Commands =
        [.. new[] { Cmd.Ticker, Cmd.Depth, Cmd.Trade, Cmd.Pong, Cmd.Subscribe, Cmd.Unsubscribe, Cmd.Ping, Cmd.Error }.Select(c => (Encoding.UTF8.GetBytes(Name(c)), c))];

    /// <summary>The optional decimal members of a ticker, in the order ParseTicker assigns them.</summary>
    private static readonly byte[][] TickerDecimals =
        [.. new[] { "bid_price", "ask_price", "spread", "volume_24h", "high_24h", "low_24h", "price_change_24h", "price_change_percent_24h" }.Select(Encoding.UTF8.GetBytes)];

    private readonly SymbolCache _symbols;
    private readonly List<PriceLevel> _levels = new(64);
    private readonly List<Trade> _trades = new(16);

    public StreamMessageDecoder(ISymbolResolver? resolver = null) => _symbols = new SymbolCache(resolver);

    private enum Cmd
    {
        None,
        Ticker,
        Depth,
        Trade,
        Subscribe,
        Unsubscribe,
        Pong,
        Ping,
        Error,
        Other,
    }

    public DecodedFrame Decode(ReadOnlySpan<byte> frame)
    {
        try
        {
            // One pass: a push whose cmd comes before its data (as the service sends it) is parsed as the envelope is read.
            return DecodeCore(frame, parseInline: true);
        }
        catch (Exception ex) when (ErrorEnvelope.IsDecodeFailure(ex))
        {
            // Anything wrong: decode again the reference way (envelope first, then data), which decides what the frame is.
        }

        try
        {
            return DecodeCore(frame, parseInline: false);
        }
        catch (Exception ex) when (ErrorEnvelope.IsDecodeFailure(ex))
        {
            return Malformed(ex is JsonException { Message: { } m } ? m : ex.Message);
        }
    }

    private static DecodedFrame Malformed(string problem) => new() { Kind = FrameKind.Malformed, Problem = problem };

    private DecodedFrame DecodeCore(ReadOnlySpan<byte> frame, bool parseInline)
    {
        StreamMessage? inline = null;
        var inlineCmd = Cmd.None;
        var inlineStart = -1;
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Malformed("The message is not a JSON object.");
        }

        var cmd = Cmd.None;
        var cmdStart = -1;
        var cmdLength = 0;
        int dataStart = -1, dataEnd = -1;
        var envelope = default(ErrorEnvelope);
        var isError = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("cmd"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Malformed("The member cmd is not a string.");
                }

                cmd = Classify(ref reader);
                if (cmd == Cmd.Other && !reader.ValueIsEscaped)
                {
                    cmdStart = (int)reader.TokenStartIndex + 1;
                    cmdLength = reader.ValueSpan.Length;
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    dataStart = (int)reader.TokenStartIndex;
                    if (parseInline && !isError && cmd is Cmd.Ticker or Cmd.Depth or Cmd.Trade && reader.TokenType == JsonTokenType.StartObject)
                    {
                        inline = Parse(cmd, ref reader);
                        inlineCmd = cmd;
                        inlineStart = dataStart;
                    }
                    else
                    {
                        reader.Skip();
                    }

                    dataEnd = (int)reader.BytesConsumed;
                }
            }
            else if (envelope.TryReadMember(ref reader))
            {
                isError = envelope.IsError || envelope.CodeIsUnreadable;
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return Malformed("The message is not a complete JSON object.");
        }

        var data = dataStart >= 0 ? frame[dataStart..dataEnd] : default;
        var code = !isError ? null : envelope.IsError ? envelope.Code : "unknown";
        switch (cmd)
        {
            case Cmd.Ticker or Cmd.Depth or Cmd.Trade when code is null:
                if (dataStart < 0 || frame[dataStart] != (byte)'{')
                {
                    return Malformed($"A {Name(cmd)} push has no data object.");
                }

                if (inline is null || inlineCmd != cmd || inlineStart != dataStart)
                {
                    var dataReader = new Utf8JsonReader(data, ReaderOptions);
                    dataReader.Read();
                    inline = Parse(cmd, ref dataReader);
                }

                return new DecodedFrame { Kind = FrameKind.Data, Message = inline };
            case Cmd.None when code is null:
                return Malformed("The message has no cmd.");
            case Cmd.Other when code is null:
                return new DecodedFrame { Kind = FrameKind.Ignored };
        }

        var reply = new DecodedFrame
        {
            Kind = FrameKind.Reply,
            Code = code,
            ReplyTo = cmd switch
            {
                Cmd.Subscribe => CommandKind.Subscribe,
                Cmd.Unsubscribe => CommandKind.Unsubscribe,
                Cmd.Pong or Cmd.Ping => CommandKind.Ping,
                _ => null,
            },
        };

        if (reply.ReplyTo is null)
        {
            reply.Command = cmd switch
            {
                Cmd.Other => cmdStart >= 0 ? Encoding.UTF8.GetString(frame.Slice(cmdStart, cmdLength)) : "unknown",
                Cmd.None => string.Empty,
                _ => Name(cmd),
            };
        }

        if (code is not null)
        {
            reply.ServerMessage = envelope.Message(frame);
            reply.ErrorData = dataStart >= 0 ? ErrorEnvelope.ParseData(data) : null;
        }
        else if (reply.ReplyTo == CommandKind.Ping && dataStart >= 0 && frame[dataStart] == (byte)'{')
        {
            reply.ServerTime = ParsePongTime(data);
        }

        return reply;
    }

    /// <summary>Parses the data object of a push; <paramref name="r"/> is on its start and ends on its end.</summary>
    private StreamMessage Parse(Cmd cmd, ref Utf8JsonReader r) => cmd switch
    {
        Cmd.Ticker => ParseTicker(ref r),
        Cmd.Depth => ParseDepth(ref r),
        _ => ParseTrade(ref r),
    };

    private static Cmd Classify(ref Utf8JsonReader r)
    {
        foreach (var (utf8, cmd) in Commands)
        {
            if (r.ValueTextEquals(utf8))
            {
                return cmd;
            }
        }

        return Cmd.Other;
    }

    private static string Name(Cmd cmd) => cmd == Cmd.None ? string.Empty : cmd.ToString().ToLowerInvariant();

    private static DateTimeOffset? ParsePongTime(ReadOnlySpan<byte> data)
    {
        var r = new Utf8JsonReader(data, ReaderOptions);
        r.Read();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (Member(ref r, "timestamp"u8))
            {
                return UnixTime.Read(ref r);
            }

            r.Skip();
        }

        return null;
    }

    private TickerUpdate ParseTicker(ref Utf8JsonReader r)
    {
        var common = default(CommonFields);
        decimal? last = null;
        Span<decimal?> optional = stackalloc decimal?[TickerDecimals.Length];
        int? exchange = null;
        TradeSession? session = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (TryReadCommon(ref r, ref common))
            {
                continue;
            }

            if (Member(ref r, "last_price"u8))
            {
                last = ReadDecimal(ref r);
            }
            else if (Member(ref r, TickerDecimals) is var index and >= 0)
            {
                optional[index] = ReadDecimal(ref r);
            }
            else if (Member(ref r, "exchange"u8))
            {
                exchange = checked((int?)ReadInt64(ref r));
            }
            else if (Member(ref r, "trade_session"u8))
            {
                session = Sessions.Read(ref r);
            }
            else
            {
                r.Skip();
            }
        }

        var symbol = Required(common.Symbol, "ticker", "symbol");
        return new TickerUpdate
        {
            Symbol = symbol.Symbol,
            SubscribedSymbol = symbol.Subscribed,
            Type = common.Type,
            LastPrice = Required(last, "ticker", "last_price"),
            Timestamp = Required(common.Timestamp, "ticker", "timestamp"),
            BidPrice = optional[0],
            AskPrice = optional[1],
            Spread = optional[2],
            Volume24h = optional[3],
            High24h = optional[4],
            Low24h = optional[5],
            PriceChange24h = optional[6],
            PriceChangePercent24h = optional[7],
            Exchange = exchange,
            TradeSession = session,
        };
    }

    private DepthUpdate ParseDepth(ref Utf8JsonReader r)
    {
        var common = default(CommonFields);
        PriceLevel[] bids = [], asks = [];
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (TryReadCommon(ref r, ref common))
            {
                continue;
            }

            if (Member(ref r, "bids"u8))
            {
                bids = ReadLevels(ref r);
            }
            else if (Member(ref r, "asks"u8))
            {
                asks = ReadLevels(ref r);
            }
            else
            {
                r.Skip();
            }
        }

        var symbol = Required(common.Symbol, "depth", "symbol");
        return new DepthUpdate
        {
            Symbol = symbol.Symbol,
            SubscribedSymbol = symbol.Subscribed,
            Type = common.Type,
            Timestamp = Required(common.Timestamp, "depth", "timestamp"),
            Bids = bids,
            Asks = asks,
        };
    }

    private TradeUpdate ParseTrade(ref Utf8JsonReader r)
    {
        var common = default(CommonFields);
        Trade[]? batch = null;
        var single = new TradeFields();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (TryReadCommon(ref r, ref common))
            {
                continue;
            }

            if (Member(ref r, "trades"u8))
            {
                batch = ReadTrades(ref r);
            }
            else if (!single.TryRead(ref r))
            {
                r.Skip();
            }
        }

        var symbol = Required(common.Symbol, "trade", "symbol");
        Trade[] trades;
        if (batch is not null)
        {
            trades = batch;
        }
        else
        {
            single.Timestamp = common.Timestamp;
            trades = [single.ToTrade("trade")];
        }

        return new TradeUpdate
        {
            Symbol = symbol.Symbol,
            SubscribedSymbol = symbol.Subscribed,
            Type = common.Type,
            Timestamp = common.Timestamp ?? (trades.Length > 0 ? trades[^1].Timestamp : default),
            Trades = trades,
        };
    }

    /// <summary>Reads <c>symbol</c>, <c>type</c> or <c>timestamp</c>, the members every push has; false for any other member.</summary>
    private bool TryReadCommon(ref Utf8JsonReader r, ref CommonFields fields)
    {
        if (Member(ref r, "symbol"u8))
        {
            fields.Symbol = ReadSymbol(ref r);
        }
        else if (Member(ref r, "type"u8))
        {
            fields.Type = SymbolTypes.Read(ref r);
        }
        else if (Member(ref r, "timestamp"u8))
        {
            fields.Timestamp = UnixTime.Read(ref r);
        }
        else
        {
            return false;
        }

        return true;
    }

    private Trade[] ReadTrades(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref r, JsonTokenType.StartArray, "trades");
        _trades.Clear();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref r, JsonTokenType.StartObject, "a trade");
            var fields = new TradeFields();
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!fields.TryRead(ref r))
                {
                    r.Skip();
                }
            }

            _trades.Add(fields.ToTrade("trades[]"));
        }

        return [.. _trades];
    }

    private PriceLevel[] ReadLevels(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref r, JsonTokenType.StartArray, "bids/asks");
        _levels.Clear();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            decimal? price = null, quantity = null;
            if (r.TokenType == JsonTokenType.StartArray)
            {
                r.Read();
                price = ReadDecimal(ref r);
                r.Read();
                quantity = ReadDecimal(ref r);
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    r.Skip();
                }
            }
            else
            {
                // Lenient: {"price": "...", "quantity": "..."}.
                Expect(ref r, JsonTokenType.StartObject, "a price level");
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (Member(ref r, "price"u8))
                    {
                        price = ReadDecimal(ref r);
                    }
                    else if (Member(ref r, "quantity"u8))
                    {
                        quantity = ReadDecimal(ref r);
                    }
                    else
                    {
                        r.Skip();
                    }
                }
            }

            _levels.Add(new PriceLevel(Required(price, "depth", "price"), Required(quantity, "depth", "quantity")));
        }

        return [.. _levels];
    }

    private SymbolCache.Entry? ReadSymbol(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.String when !r.ValueIsEscaped => r.ValueSpan.IsEmpty ? null : _symbols.Get(r.ValueSpan),
        JsonTokenType.String => r.GetString() is { Length: > 0 } s ? _symbols.Get(Encoding.UTF8.GetBytes(s)) : null,
        JsonTokenType.Number => _symbols.Get(r.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"The member symbol is a {r.TokenType}, not a string."),
    };

    /// <summary>When positioned on the member <paramref name="name"/>, moves to its value and returns true.</summary>
    private static bool Member(ref Utf8JsonReader r, ReadOnlySpan<byte> name)
    {
        if (!r.ValueTextEquals(name))
        {
            return false;
        }

        r.Read();
        return true;
    }

    /// <summary>When positioned on one of the members <paramref name="names"/>, moves to its value and returns its index; else -1.</summary>
    private static int Member(ref Utf8JsonReader r, byte[][] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (Member(ref r, names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A decimal member: plain <c>[-]digits[.digits]</c> with at most 19 digits (every price and size the service sends) is
    /// built straight from its mantissa and scale, the same value and scale <see cref="Utf8Parser"/> gives; anything else
    /// (exponents, blanks, escapes, empty, null, more digits) goes through <see cref="DecimalReader"/>.
    /// </summary>
    private static decimal? ReadDecimal(ref Utf8JsonReader r)
    {
        if (r.TokenType is JsonTokenType.String or JsonTokenType.Number && !r.HasValueSequence && !r.ValueIsEscaped && TryParsePlainDecimal(r.ValueSpan, out var value))
        {
            return value;
        }

        return DecimalReader.Read(ref r);
    }

    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> utf8, out decimal value)
    {
        value = default;
        var i = 0;
        var negative = false;
        if (!utf8.IsEmpty && utf8[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; i < utf8.Length; i++)
        {
            var digit = (uint)(utf8[i] - '0');
            if (digit <= 9)
            {
                if (++digits > 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + digit;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (utf8[i] == (byte)'.' && scale < 0 && digits > 0)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || scale == 0)
        {
            return false;
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    private static long? ReadInt64(ref Utf8JsonReader r)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (r.TryGetInt64(out var n))
                {
                    return n;
                }

                throw new JsonException("An integer is out of range.");
            case JsonTokenType.String:
                if (r.ValueSpan.IsEmpty)
                {
                    return null;
                }

                if (!r.ValueIsEscaped && Utf8Parser.TryParse(r.ValueSpan, out long parsed, out var consumed) && consumed == r.ValueSpan.Length)
                {
                    return parsed;
                }

                throw new JsonException("Expected an integer.");
            default:
                throw new JsonException($"Expected an integer, got {r.TokenType}.");
        }
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type, string what)
    {
        if (r.TokenType != type)
        {
            throw new JsonException($"Expected {what} to be {type}, got {r.TokenType}.");
        }
    }

    private static T Required<T>(T? value, string push, string member)
        where T : class =>
        value ?? throw new JsonException($"A {push} push lacks {member}.");

    private static T Required<T>(T? value, string push, string member)
        where T : struct =>
        value ?? throw new JsonException($"A {push} push lacks {member}.");

    /// <summary>The members every push has.</summary>
    private struct CommonFields
    {
        public SymbolCache.Entry? Symbol;
        public SymbolType? Type;
        public DateTimeOffset? Timestamp;
    }

    /// <summary>The members of one trade, in either wire shape.</summary>
    private struct TradeFields
    {
        public string? Id;
        public decimal? Price;
        public decimal? Quantity;
        public TradeSide? Side;
        public DateTimeOffset? Timestamp;
        public long? OpenInterestChange;
        public PositionEffect? PositionEffect;

        public bool TryRead(ref Utf8JsonReader r)
        {
            if (Member(ref r, "price"u8))
            {
                Price = ReadDecimal(ref r);
            }
            else if (Member(ref r, "quantity"u8))
            {
                Quantity = ReadDecimal(ref r);
            }
            else if (Member(ref r, "side"u8))
            {
                Side = Sides.Read(ref r);
            }
            else if (Member(ref r, "timestamp"u8))
            {
                Timestamp = UnixTime.Read(ref r);
            }
            else if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                Id = r.TokenType switch
                {
                    JsonTokenType.String => r.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(r.ValueSpan),
                    JsonTokenType.Null => null,
                    _ => throw new JsonException("A trade id is neither a string nor a number."),
                };
            }
            else if (Member(ref r, "open_interest_change"u8))
            {
                OpenInterestChange = ReadInt64(ref r);
            }
            else if (Member(ref r, "position_effect"u8))
            {
                PositionEffect = Effects.Read(ref r);
            }
            else
            {
                return false;
            }

            return true;
        }

        public readonly Trade ToTrade(string push) => new()
        {
            Id = Id,
            Price = Required(Price, push, "price"),
            Quantity = Required(Quantity, push, "quantity"),
            Side = Side ?? default,
            Timestamp = Required(Timestamp, push, "timestamp"),
            OpenInterestChange = OpenInterestChange,
            PositionEffect = PositionEffect,
        };
    }

    /// <summary>The known spellings of a string-backed enum as UTF-8, so that known values cost no string.</summary>
    private sealed class Spellings<T>
        where T : struct, IStringEnum<T>
    {
        private readonly (byte[] Utf8, T Value)[] _known;

        public Spellings(params T[] values) => _known = values.Select(v => (Encoding.UTF8.GetBytes(v.Value), v)).ToArray();

        public T? Read(ref Utf8JsonReader r)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.String:
                    if (!r.ValueIsEscaped)
                    {
                        foreach (var (utf8, value) in _known)
                        {
                            if (r.ValueSpan.SequenceEqual(utf8))
                            {
                                return value;
                            }
                        }
                    }

                    var text = r.GetString()!;
                    return text.Trim().Length == 0 ? null : T.Parse(text.Trim());
                case JsonTokenType.Number:
                    return T.Parse(Encoding.UTF8.GetString(r.ValueSpan));
                default:
                    throw new JsonException($"Expected a string, got {r.TokenType}.");
            }
        }
    }
}
