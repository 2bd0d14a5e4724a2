using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketData.Client.Serialization;

/// <summary>
/// Reads a timestamp: Unix milliseconds (number or numeric string), Unix seconds (values below 10^11, as the
/// capital-flow endpoint sends), or an ISO-8601 string. Always UTC.
/// </summary>
internal sealed class UnixTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UnixTime.Read(ref reader) ?? throw new JsonException("Expected a timestamp, got an empty value.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds());
}

/// <summary>Reads an optional timestamp; null or an empty string is null.</summary>
internal sealed class NullableUnixTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UnixTime.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Timestamp parsing shared by the converters and the stream decoder.</summary>
internal static class UnixTime
{
    /// <summary>Values below this are seconds, at or above it milliseconds (10^11 s is the year 5138; 10^11 ms is 1973).</summary>
    public const long SecondsThreshold = 100_000_000_000;

    public static DateTimeOffset FromUnix(long value)
    {
        var abs = value < 0 ? -value : value;
        try
        {
            return abs < SecondsThreshold
                ? DateTimeOffset.FromUnixTimeSeconds(value)
                : DateTimeOffset.FromUnixTimeMilliseconds(value);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new JsonException("A timestamp is out of range.", ex);
        }
    }

    public static DateTimeOffset? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var n))
                {
                    return FromUnix(n);
                }

                if (reader.TryGetDouble(out var d) && d is >= long.MinValue and <= long.MaxValue && !double.IsNaN(d))
                {
                    return FromUnix((long)d);
                }

                throw new JsonException("A timestamp is out of range.");
            case JsonTokenType.String:
                var s = reader.GetString()!.Trim();
                if (s.Length == 0)
                {
                    return null;
                }

                if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return FromUnix(parsed);
                }

                if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
                {
                    return iso;
                }

                throw new JsonException("Expected a timestamp.");
            default:
                throw new JsonException($"Expected a timestamp, got {reader.TokenType}.");
        }
    }
}
