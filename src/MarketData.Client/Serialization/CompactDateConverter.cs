using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketData.Client.Serialization;

/// <summary>Reads a date sent as <c>"20260202"</c> (also accepts <c>"2026-02-02"</c>).</summary>
internal sealed class CompactDateConverter : JsonConverter<DateOnly>
{
    private static readonly string[] Formats = ["yyyyMMdd", "yyyy-MM-dd"];

    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Number => reader.GetInt64().ToString(CultureInfo.InvariantCulture),
            _ => throw new JsonException($"Expected a date, got {reader.TokenType}."),
        };

        return DateOnly.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new JsonException("Expected a date as yyyyMMdd.");
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
}
