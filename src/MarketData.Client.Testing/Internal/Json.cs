using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace MarketData.Client.Testing.Internal;

/// <summary>Writes wire JSON with <see cref="Utf8JsonWriter"/> (no reflection: trim-friendly).</summary>
internal static class Json
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        SkipValidation = false,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A decimal as the service writes it: invariant, no exponent, no trailing zeros ("543", "260.81").</summary>
    public static string Number(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }

    public static void WriteDecimal(this Utf8JsonWriter writer, string name, decimal value) => writer.WriteString(name, Number(value));

    /// <summary>A code as the service sends it: a number when numeric ("2001" → 2001), else a string ("AMBIGUOUS_SYMBOL").</summary>
    public static void WriteCode(this Utf8JsonWriter writer, string wireCode)
    {
        if (long.TryParse(wireCode, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            writer.WriteNumber("code", number);
        }
        else
        {
            writer.WriteString("code", wireCode);
        }
    }
}
