using MarketData.Client.Diagnostics;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MarketData.Client.Serialization;

namespace MarketData.Client.Http;

/// <summary>
/// Reads the service's envelope <c>{"code", "message", "data"}</c> from a complete body: success gives the typed
/// <c>data</c>; anything else becomes the typed exception from <see cref="MarketDataErrors"/>.
/// </summary>
internal static class EnvelopeReader
{
    private const int ExcerptLength = 256;

    /// <summary>The parts of the envelope other than <c>data</c>.</summary>
    internal readonly record struct EnvelopeHead(string? Code, string? Message, bool HasData, bool DataIsNull);

    public static T Read<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo, in ReplyContext reply)
    {
        EnvelopeHead head;
        try
        {
            head = ReadHead(body);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            throw Unusable(body, reply, ex);
        }

        if (head.Code is null)
        {
            // JSON without a code: the HTTP status decides.
            if (reply.IsSuccessStatus)
            {
                throw Malformed(body, reply, "The reply has no code.");
            }

            throw MarketDataErrors.CreateException(reply.Details(string.Empty, head.Message, null, null));
        }

        if (!IsSuccessCode(head.Code))
        {
            throw CreateError(body, head, reply);
        }

        if (!reply.IsSuccessStatus)
        {
            // Code 0 with an error status: trust the status.
            throw MarketDataErrors.CreateException(reply.Details(string.Empty, head.Message, null, null));
        }

        if (!head.HasData || head.DataIsNull)
        {
            throw Malformed(body, reply, "The reply has no data.");
        }

        T? value;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            MoveToData(ref reader);
            value = JsonSerializer.Deserialize(ref reader, typeInfo);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            throw Malformed(body, reply, $"The {At(ex, reply.Redactor)} does not match the documented shape.", ex);
        }

        if (value is null)
        {
            throw Malformed(body, reply, "The reply has no data.");
        }

        // Required fields (symbol, prices, timestamps) missing or null, or a null list element: malformed, not defaults.
        return RequiredFields.FirstMissing(value) is { } missing
            ? throw Malformed(body, reply, $"The required field {DataPath(missing)} is missing or null.")
            : value;
    }

    /// <summary>"$[0].symbol" or "[0].symbol" → "data[0].symbol"; ".symbol" → "data.symbol".</summary>
    private static string DataPath(string path) => "data" + path.TrimStart('$');

    /// <summary>"value at data[0].timestamp" for a value that does not decode, else "data"; property names come from the server, so redacted and cut.</summary>
    private static string At(Exception ex, SecretRedactor redactor) =>
        ex is JsonException { Path: { Length: > 1 and <= 200 } path } && redactor.Redact(DataPath(path)) is { } safe ? "value at " + safe : "data";

    /// <summary>Reads an error reply (a non-success status with or without a body).</summary>
    public static MarketDataException ReadError(ReadOnlySpan<byte> body, in ReplyContext reply)
    {
        if (body.IsEmpty)
        {
            return reply.IsSuccessStatus
                ? Malformed(body, reply, "The reply is empty.")
                : MarketDataErrors.CreateException(reply.Details(string.Empty, null, null, null));
        }

        EnvelopeHead head;
        try
        {
            head = ReadHead(body);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            return Unusable(body, reply, ex);
        }

        return head.Code is null || IsSuccessCode(head.Code)
            ? MarketDataErrors.CreateException(reply.Details(string.Empty, head.Message, null, null))
            : CreateError(body, head, reply);
    }

    /// <summary>What System.Text.Json and the converters throw for input they cannot read (invalid UTF-8 is an InvalidOperationException).</summary>
    internal static bool IsDecodeFailure(Exception ex) =>
        ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException or NotSupportedException or InsufficientExecutionStackException;

    public static bool IsSuccessCode(string code) => code is "0" || (code.Length > 0 && code.Trim() == "0");

    internal static EnvelopeHead ReadHead(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The reply is not a JSON object.");
        }

        string? code = null;
        string? message = null;
        string? errorField = null;
        var hasData = false;
        var dataIsNull = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = ReadCode(ref reader) ?? code;
            }
            else if (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("msg"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : message;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                errorField = ReadCode(ref reader);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                hasData = true;
                dataIsNull = reader.TokenType == JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The reply is cut off.");
        }

        // Some servers put the code only in "error".
        return new EnvelopeHead(code ?? errorField, message, hasData, dataIsNull);
    }

    private static string? ReadCode(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var n))
                {
                    return n.ToString(CultureInfo.InvariantCulture);
                }

                if (reader.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15)
                {
                    return ((long)d).ToString(CultureInfo.InvariantCulture);
                }

                return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.String:
                var s = reader.GetString();
                return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
            default:
                reader.Skip();
                return null;
        }
    }

    private static void MoveToData(ref Utf8JsonReader reader)
    {
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                return;
            }

            reader.Read();
            reader.Skip();
        }

        throw new JsonException("The reply has no data.");
    }

    private static MarketDataException CreateError(ReadOnlySpan<byte> body, EnvelopeHead head, in ReplyContext reply)
    {
        JsonElement? data = null;
        if (head.HasData && !head.DataIsNull)
        {
            try
            {
                var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                MoveToData(ref reader);
                data = JsonElement.ParseValue(ref reader);
            }
            catch (Exception ex) when (IsDecodeFailure(ex))
            {
                data = null;
            }
        }

        return MarketDataErrors.CreateException(reply.Details(head.Code!, head.Message, data, null));
    }

    private static MarketDataException Unusable(ReadOnlySpan<byte> body, in ReplyContext reply, Exception inner)
    {
        var status = reply.StatusCode;
        var excerpt = Excerpt(body, reply.Redactor);
        if (status is { } s && (int)s >= 400)
        {
            // Not JSON (a proxy's HTML page) or cut off under an error status: with no code, the status decides
            // (ERRORS.md): 429 rate limit, 401/403 authentication, 5xx service error; the excerpt is kept.
            return MarketDataErrors.CreateException(reply.Details(string.Empty, null, null, excerpt));
        }

        // A success (or no) status with a body that cannot be read: no usable reply.
        return new MarketDataTransportException(reply.TransportDetails(excerpt, transient: status is null), inner);
    }

    private static MarketDataException Malformed(ReadOnlySpan<byte> body, in ReplyContext reply, string why, Exception? inner = null) =>
        new MarketDataTransportException(reply.MalformedDetails(why, Excerpt(body, reply.Redactor)), inner);

    internal static string Excerpt(ReadOnlySpan<byte> body) => Excerpt(body, SecretRedactor.None);

    /// <summary>
    /// The first <see cref="ExcerptLength"/> characters of the body with credentials removed. The cut never splits a
    /// secret: one that starts before the cut is kept whole so the redactor can remove it (else its head would leak).
    /// </summary>
    internal static string Excerpt(ReadOnlySpan<byte> body, SecretRedactor redactor)
    {
        if (body.IsEmpty)
        {
            return string.Empty;
        }

        // Enough bytes for ExcerptLength characters of any UTF-8 text plus the longest secret.
        var window = body.Length > (ExcerptLength * 4) + redactor.MaxSecretLength ? body[..((ExcerptLength * 4) + redactor.MaxSecretLength)] : body;
        var text = Encoding.UTF8.GetString(window);
        var cut = redactor.SafeCut(text, ExcerptLength);
        var sb = new StringBuilder(cut);
        foreach (var c in text.AsSpan(0, cut))
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        var excerpt = redactor.Redact(sb.ToString())!;
        return cut < text.Length || window.Length < body.Length ? excerpt + "..." : excerpt;
    }
}
