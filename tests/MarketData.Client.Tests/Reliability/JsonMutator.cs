using System.Text;
using System.Text.Json;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// A seeded generator of hostile variants of a valid JSON document: truncation, flipped bytes, wrong types for
/// every field, huge numbers, numbers as strings and strings as numbers, deep nesting, long strings, invalid
/// UTF-8, duplicate keys, missing and extra fields, NaN/Infinity.
/// </summary>
internal sealed class JsonMutator
{
    public const int MutationKinds = 16;

    private static readonly string[] Replacements =
    [
        "null", "true", "false", "0", "-0", "-1", "\"\"", "\"abc\"", "{}", "[]", "[[]]", "{\"a\":1}",
        "1e400", "-1e400", "1.5E+3", "99999999999999999999999999999999999999", "0.0000000000000000000000000000001",
        "\"79228162514264337593543950336\"", "\"-79228162514264337593543950336\"", "\"1.23456789012345678901234567890\"",
        "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "9223372036854775808", "-9223372036854775809",
        "\"9223372036854775808\"", "1.7976931348623157E+309", "\"2026-13-45T99:99:99Z\"", "\"\\u0000\"", "\"\\ud800\"",
    ];

    private readonly Random _random;

    public JsonMutator(int seed) => _random = new Random(seed);

    public byte[] Mutate(byte[] valid, out string description)
    {
        var kind = _random.Next(MutationKinds);
        var tokens = Tokens(valid);
        switch (kind)
        {
            case 0:
            {
                var at = _random.Next(valid.Length);
                description = $"truncate at {at}";
                return valid[..at];
            }

            case 1:
            {
                var copy = (byte[])valid.Clone();
                var flips = 1 + _random.Next(4);
                for (var i = 0; i < flips; i++)
                {
                    copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
                }

                description = $"flip {flips} bytes";
                return copy;
            }

            case 2:
            case 3:
            case 4:
            {
                var (start, length) = tokens.Values[_random.Next(tokens.Values.Count)];
                var replacement = Replacements[_random.Next(Replacements.Length)];
                description = $"replace value at {start} with {replacement}";
                return Splice(valid, start, length, Encoding.UTF8.GetBytes(replacement));
            }

            case 5:
            {
                // A string value as a number, or a number as a string.
                var (start, length) = tokens.Values[_random.Next(tokens.Values.Count)];
                var text = Encoding.UTF8.GetString(valid, start, length);
                var swapped = text.StartsWith('"') ? text.Trim('"') : $"\"{text}\"";
                description = $"swap string/number at {start}";
                return Splice(valid, start, length, Encoding.UTF8.GetBytes(swapped.Length == 0 ? "0" : swapped));
            }

            case 6:
            {
                var depth = 10 + _random.Next(5000);
                var (start, length) = tokens.Values[_random.Next(tokens.Values.Count)];
                var nested = new string('[', depth) + new string(']', depth);
                description = $"nest {depth} deep at {start}";
                return Splice(valid, start, length, Encoding.UTF8.GetBytes(nested));
            }

            case 7:
            {
                var (start, length) = tokens.Values[_random.Next(tokens.Values.Count)];
                var size = _random.Next(1000) == 0 ? 10 * 1024 * 1024 : 1 + _random.Next(64 * 1024);
                var big = new byte[size + 2];
                big.AsSpan(1, size).Fill((byte)'7');
                big[0] = (byte)'"';
                big[^1] = (byte)'"';
                description = $"string of {size} bytes at {start}";
                return Splice(valid, start, length, big);
            }

            case 8:
            {
                var (start, length) = tokens.Values[_random.Next(tokens.Values.Count)];
                byte[][] invalid = [[0xC3, 0x28], [0xFF], [0xE2, 0x82], [0xF0, 0x28, 0x8C, 0xBC], [0xED, 0xA0, 0x80]];
                var bad = invalid[_random.Next(invalid.Length)];
                var value = new byte[bad.Length + 2];
                value[0] = (byte)'"';
                bad.CopyTo(value, 1);
                value[^1] = (byte)'"';
                description = $"invalid UTF-8 at {start}";
                return Splice(valid, start, length, value);
            }

            case 9:
            {
                // Duplicate a property (same key twice in one object).
                var (start, length) = tokens.Properties[_random.Next(tokens.Properties.Count)];
                var property = valid.AsSpan(start, length).ToArray();
                var withComma = new byte[property.Length + 1];
                property.CopyTo(withComma, 0);
                withComma[^1] = (byte)',';
                description = $"duplicate property at {start}";
                return Splice(valid, start, 0, withComma);
            }

            case 10:
            {
                // Remove a property (a required field may go missing).
                var (start, length) = tokens.Properties[_random.Next(tokens.Properties.Count)];
                var end = start + length;
                if (end < valid.Length && valid[end] == (byte)',')
                {
                    length++;
                }

                description = $"remove property at {start}";
                return Splice(valid, start, length, []);
            }

            case 11:
            {
                var (start, _) = tokens.Properties[_random.Next(tokens.Properties.Count)];
                description = $"extra fields at {start}";
                return Splice(valid, start, 0, "\"zz_extra\":{\"x\":[1,\"2\",null]},\"yy\":1e5,"u8.ToArray());
            }

            case 12:
            {
                var copy = (byte[])valid.Clone();
                var at = _random.Next(copy.Length);
                description = $"insert NUL at {at}";
                return Splice(copy, at, 0, [0]);
            }

            case 13:
            {
                description = "whole body replaced";
                string[] bodies = ["", " ", "null", "[]", "\"text\"", "42", "<html><body>502 Bad Gateway</body></html>", "{", "{}", "{\"code\":}", "\uFEFF{\"code\":0}"];
                return Encoding.UTF8.GetBytes(bodies[_random.Next(bodies.Length)]);
            }

            case 14:
            {
                // Change the code to another value, keeping the body.
                string[] codes = ["1", "\"0\"", "\"AMBIGUOUS_SYMBOL\"", "3001", "\"5001\"", "40404", "-1", "99999999999", "1.5", "\"\"", "null", "[0]"];
                var text = Encoding.UTF8.GetString(valid);
                var code = codes[_random.Next(codes.Length)];
                description = $"code {code}";
                return Encoding.UTF8.GetBytes(text.Replace("\"code\":0", "\"code\":" + code, StringComparison.Ordinal));
            }

            default:
            {
                // Two mutations in a row.
                var once = Mutate(valid, out var first);
                if (once.Length == 0 || !LooksLikeJson(once))
                {
                    description = first;
                    return once;
                }

                var twice = Mutate(once, out var second);
                description = first + " then " + second;
                return twice;
            }
        }
    }

    private static bool LooksLikeJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Splice(byte[] source, int start, int length, byte[] replacement)
    {
        var result = new byte[source.Length - length + replacement.Length];
        source.AsSpan(0, start).CopyTo(result);
        replacement.CopyTo(result.AsSpan(start));
        source.AsSpan(start + length).CopyTo(result.AsSpan(start + replacement.Length));
        return result;
    }

    private static (List<(int Start, int Length)> Values, List<(int Start, int Length)> Properties) Tokens(byte[] json)
    {
        var values = new List<(int, int)>();
        var properties = new List<(int, int)>();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 10_000 });
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                    {
                        var checkpoint = reader;
                        reader.Skip();
                        values.Add((start, (int)reader.BytesConsumed - start));
                        reader = checkpoint;
                        break;
                    }

                    default:
                        var length = reader.TokenType == JsonTokenType.String ? reader.ValueSpan.Length + 2 : reader.ValueSpan.Length;
                        values.Add((start, length));
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A body already mutated once: use what was read.
        }

        if (values.Count == 0)
        {
            values.Add((0, json.Length));
        }

        PropertySpans(json, properties);
        if (properties.Count == 0)
        {
            properties.Add((Math.Min(1, json.Length), 0));
        }

        return (values, properties);
    }

    /// <summary>Finds "name":value spans of properties whose value is a scalar or a container.</summary>
    private static void PropertySpans(byte[] json, List<(int, int)> properties)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 10_000 });
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Read();
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                properties.Add((start, end - start));
            }
        }
        catch (JsonException)
        {
            // Partial list is fine.
        }
    }
}
