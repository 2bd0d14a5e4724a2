using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>Serialises the commands the stream sends: <c>subscribe</c>, <c>unsubscribe</c>, <c>ping</c>.</summary>
internal static class StreamCommands
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ReadOnlyMemory<byte> Ping { get; } = "{\"cmd\":\"ping\"}"u8.ToArray();

    public static string ChannelName(StreamChannel channel) => channel switch
    {
        StreamChannel.Ticker => "ticker",
        StreamChannel.Depth => "depth",
        StreamChannel.Trade => "trade",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a channel."),
    };

    public static string Name(CommandKind kind) => kind switch
    {
        CommandKind.Subscribe => "subscribe",
        CommandKind.Unsubscribe => "unsubscribe",
        _ => "ping",
    };

    public static ReadOnlyMemory<byte> Subscription(CommandKind kind, StreamChannel channel, SymbolType? type, IEnumerable<SubscriptionEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("cmd"u8, Name(kind));
            writer.WriteStartObject("data"u8);
            writer.WriteString("channel"u8, ChannelName(channel));
            writer.WriteStartArray("symbols"u8);
            foreach (var entry in entries)
            {
                writer.WriteStringValue(entry.Symbol);
            }

            writer.WriteEndArray();
            if (type is { Value.Length: > 0 } t)
            {
                writer.WriteString("type"u8, t.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
