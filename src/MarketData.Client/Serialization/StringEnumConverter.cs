using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketData.Client.Serialization;

/// <summary>Reads a string-backed enum from a JSON string or number; writes its wire spelling.</summary>
internal sealed class StringEnumConverter<T> : JsonConverter<T>
    where T : struct, IStringEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return T.Parse(reader.GetString()!);
            case JsonTokenType.Number:
                var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                return T.Parse(System.Text.Encoding.UTF8.GetString(span));
            default:
                throw new JsonException($"Expected a string for {typeof(T).Name}, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
