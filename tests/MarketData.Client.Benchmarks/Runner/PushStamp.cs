using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using MarketData.Client.Benchmarks.Fixtures;
using MarketData.Client.Streaming;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// Where the latency server writes a push's send time (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>, as
/// 19 zero-padded digits) and where each client reads it back: a decimal-string member that the SDK surfaces as a
/// <see cref="decimal"/> (exact for every <see cref="long"/>). Ticker: <c>volume_24h</c> (<see cref="TickerUpdate.Volume24h"/>);
/// depth: the first bid's quantity (<c>bids[0][1]</c>, <see cref="DepthUpdate.Bids"/>); trade: the first trade's
/// <c>quantity</c> (<see cref="Models.Trade.Quantity"/>).
/// </summary>
internal sealed class PushStamp
{
    public const int Digits = 19;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };
    private static readonly StandardFormat Format = new('D', Digits);

    private readonly byte[] _property;
    private readonly int _stringIndex;

    private PushStamp(string property, int stringIndex)
    {
        _property = Encoding.UTF8.GetBytes(property);
        _stringIndex = stringIndex;
    }

    public static PushStamp Ticker { get; } = new("volume_24h", 1);

    public static PushStamp Depth { get; } = new("bids", 2);

    public static PushStamp Trade { get; } = new("quantity", 1);

    public static PushStamp For(PushKind kind) => kind switch
    {
        PushKind.Ticker => Ticker,
        PushKind.Depth => Depth,
        _ => Trade,
    };

    /// <summary>The stamp as the SDK decoded it.</summary>
    public static long Of(StreamMessage message) => message switch
    {
        TickerUpdate t => (long)t.Volume24h.GetValueOrDefault(),
        DepthUpdate d => (long)d.Bids[0].Quantity,
        TradeUpdate t => (long)t.Trades[0].Quantity,
        _ => 0,
    };

    /// <summary>The stamp as the app's JsonDocument decoder decoded it.</summary>
    public static long Of(object? decoded) => decoded switch
    {
        AppTicker t => (long)t.Volume24h.GetValueOrDefault(),
        AppDepth d => (long)d.Bids[0].Quantity,
        AppTrades t => (long)t.Trades[0].Quantity,
        _ => 0,
    };

    /// <summary>Writes <paramref name="timestamp"/> into a slot made by <see cref="Template"/>.</summary>
    public static void Write(long timestamp, Span<byte> slot) => Utf8Formatter.TryFormat(timestamp, slot, out _, Format);

    /// <summary>
    /// One <see cref="Utf8JsonReader"/> pass over every token of <paramref name="json"/> (the scan loop's work), keeping
    /// the position of the stamp member's value: the <c>n</c>-th string after the first occurrence of the property.
    /// </summary>
    public (int Start, int Length) Locate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var strings = -1;
        (int, int) found = (-1, 0);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                if (found.Item1 < 0 && strings < 0 && reader.ValueTextEquals(_property))
                {
                    strings = 0;
                }
            }
            else if (strings >= 0 && reader.TokenType == JsonTokenType.String && ++strings == _stringIndex)
            {
                found = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                strings = -1;
            }
        }

        return found;
    }

    /// <summary>The scan loop: every token read, the stamp parsed from its bytes.</summary>
    public long Scan(ReadOnlySpan<byte> json)
    {
        var (start, length) = Locate(json);
        return start >= 0 && Utf8Parser.TryParse(json.Slice(start, length), out long stamp, out _) ? stamp : 0;
    }

    /// <summary>
    /// <paramref name="payload"/> with the stamp member's value replaced by <see cref="Digits"/> zeros, framed; and the
    /// offset of those digits in the frame.
    /// </summary>
    public (byte[] Frame, int Slot) Template(byte[] payload)
    {
        var (start, length) = Locate(payload);
        if (start < 0)
        {
            throw new ArgumentException($"The push has no '{Encoding.UTF8.GetString(_property)}' member to carry the send time.", nameof(payload));
        }

        byte[] stamped = [.. payload.AsSpan(0, start), .. new byte[Digits], .. payload.AsSpan(start + length)];
        stamped.AsSpan(start, Digits).Fill((byte)'0');
        var frame = WebSocketFraming.Frame(WebSocketFraming.OpText, stamped);
        return (frame, frame.Length - stamped.Length + start);
    }
}
