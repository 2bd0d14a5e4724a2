using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketData.Client.Serialization;

/// <summary>
/// Reads a decimal sent as a JSON string ("543.25", invariant culture, exponent allowed) or a number, with no
/// precision loss. Values beyond the decimal range raise <see cref="JsonException"/>, which the SDK turns into
/// a typed exception.
/// </summary>
internal sealed class FlexibleDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DecimalReader.Read(ref reader) ?? throw new JsonException("Expected a decimal, got an empty value.");

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>Reads an optional decimal: null, an empty string and "-" are null.</summary>
internal sealed class NullableFlexibleDecimalConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DecimalReader.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>The shared decimal parser: UTF-8 in, no strings allocated for ordinary values.</summary>
internal static class DecimalReader
{
    public static decimal? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetDecimal(out var number))
                {
                    return number;
                }

                return ParseSlow(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.String:
                if (reader.HasValueSequence || reader.ValueIsEscaped)
                {
                    var s = reader.GetString()!;
                    return ParseText(s);
                }

                return Parse(reader.ValueSpan);
            default:
                throw new JsonException($"Expected a decimal, got {reader.TokenType}.");
        }
    }

    /// <summary>Parses a decimal from UTF-8 bytes; empty or "-" is null.</summary>
    public static decimal? Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || (utf8.Length == 1 && utf8[0] == (byte)'-'))
        {
            return null;
        }

        if (Utf8Parser.TryParse(utf8, out decimal value, out var consumed) && consumed == utf8.Length)
        {
            return value;
        }

        return ParseSlow(utf8);
    }

    private static decimal ParseSlow(ReadOnlySpan<byte> utf8)
    {
        // Exponent notation ("1.5E+3"), leading '+' and surrounding blanks.
        if (Utf8Parser.TryParse(utf8, out decimal value, out var consumed, 'E') && consumed == utf8.Length)
        {
            return value;
        }

        return ParseText(System.Text.Encoding.UTF8.GetString(utf8)) ?? throw new JsonException("Expected a decimal, got an empty value.");
    }

    private static decimal? ParseText(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed is "-")
        {
            return null;
        }

        if (decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new JsonException("A decimal value is out of range or not a number.");
    }
}
