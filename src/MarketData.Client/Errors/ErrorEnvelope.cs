using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace MarketData.Client;

/// <summary>
/// The one reader of the service's envelope (ERRORS.md) for REST bodies, refused WebSocket upgrades and stream frames:
/// <c>code</c> (a number, a numeric string or a symbolic string), the message (<c>message</c>, or <c>msg</c> as some
/// servers spell it), <c>error</c> and <c>data</c>. <c>error</c> is a copy of the code on some endpoints: a code-shaped
/// <c>error</c> is the code when <c>code</c> is absent; any other <c>error</c> text is the message when there is no other.
/// Strings are kept as positions in the body and decoded only when an error is built: reading a success allocates nothing.
/// </summary>
internal struct ErrorEnvelope
{
    /// <summary>The spelling of the success code that <see cref="Code"/> gives for <c>0</c> and <c>"0"</c> (no string allocated).</summary>
    private const string Success = "0";

    private string? _code;
    private string? _errorCode;
    private JsonText _message;
    private JsonText _msg;
    private JsonText _errorText;

    /// <summary>The code as sent (<c>code</c>, else a code-shaped <c>error</c>), trimmed; null when there is none.</summary>
    public readonly string? Code => _code ?? _errorCode;

    /// <summary>The member <c>code</c> is there but is neither a number nor a string (<c>true</c>, an object, a list).</summary>
    public bool CodeIsUnreadable { get; private set; }

    /// <summary>The body ended inside a member (only where it may be cut: see <see cref="Read"/>).</summary>
    public bool IsCutOff { get; private set; }

    /// <summary>Whether the envelope carries a code other than success.</summary>
    public readonly bool IsError => Code is { } code && code != Success;

    /// <summary>Where the value of <c>data</c> starts in the body (set by <see cref="Read"/>).</summary>
    public int DataStart { get; private set; }

    /// <summary>Where the value of <c>data</c> ends in the body (exclusive).</summary>
    public int DataEnd { get; private set; }

    /// <summary>The body has a <c>data</c> member whose value is not <c>null</c>.</summary>
    public readonly bool HasData => DataEnd > 0;

    /// <summary>Reads the envelope of a whole body (a REST reply or a refused upgrade).</summary>
    /// <param name="body">The body.</param>
    /// <param name="complete">False when the body may have been cut (a capped upgrade body): what was read before the cut is kept.</param>
    /// <returns>The envelope.</returns>
    /// <exception cref="JsonException">The body is not a JSON object, or (when <paramref name="complete"/>) it is cut off.</exception>
    public static ErrorEnvelope Read(ReadOnlySpan<byte> body, bool complete = true)
    {
        var reader = new Utf8JsonReader(body, complete, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 }));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The reply is not a JSON object.");
        }

        var envelope = default(ErrorEnvelope);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (envelope.TryReadMember(ref reader))
            {
                if (envelope.IsCutOff)
                {
                    break;
                }

                continue;
            }

            var isData = reader.ValueTextEquals("data"u8);
            if (!reader.Read())
            {
                break;
            }

            var start = (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                break;
            }

            if (isData)
            {
                var isNull = reader.TokenType == JsonTokenType.Null;
                envelope.DataStart = isNull ? 0 : start;
                envelope.DataEnd = isNull ? 0 : (int)reader.BytesConsumed;
            }
        }

        if (complete && reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The reply is cut off.");
        }

        return envelope;
    }

    /// <summary>
    /// On a member name: reads <c>code</c>, <c>message</c>, <c>msg</c> or <c>error</c> and returns true, the reader on the
    /// end of its value; false for any other member, the reader left on its name.
    /// </summary>
    public bool TryReadMember(ref Utf8JsonReader reader)
    {
        var member = reader.ValueTextEquals("code"u8) ? Member.Code
            : reader.ValueTextEquals("message"u8) ? Member.Message
            : reader.ValueTextEquals("msg"u8) ? Member.Msg
            : reader.ValueTextEquals("error"u8) ? Member.Error
            : Member.Other;
        if (member == Member.Other)
        {
            return false;
        }

        if (!reader.Read())
        {
            IsCutOff = true;
            return true;
        }

        switch (member)
        {
            case Member.Code:
                CodeIsUnreadable = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.True or JsonTokenType.False;
                _code = ReadCode(ref reader);
                break;
            case Member.Message:
                _message = JsonText.Read(ref reader);
                break;
            case Member.Msg:
                _msg = JsonText.Read(ref reader);
                break;
            default:
                _errorText = JsonText.Read(ref reader);
                _errorCode = ReadCode(ref reader) is { } code && IsCodeShaped(code) ? code : null;
                break;
        }

        // An object or a list where a string belongs is passed over (a no-op on a string or a number).
        IsCutOff |= !reader.TrySkip();
        return true;
    }

    /// <summary>The server's message: <c>message</c>, else <c>msg</c>, else an <c>error</c> text that is not the code.</summary>
    /// <param name="body">The body the envelope was read from.</param>
    public readonly string? Message(ReadOnlySpan<byte> body) =>
        _message.Get(body) ?? _msg.Get(body) ?? (_errorText.Get(body) is { } text && text.Trim() != Code ? text : null);

    /// <summary>The value of <c>data</c> (null without one, or when it cannot be read: the code still decides).</summary>
    /// <param name="body">The body the envelope was read from.</param>
    public readonly JsonElement? Data(ReadOnlySpan<byte> body) => HasData ? ParseData(body[DataStart..DataEnd]) : null;

    /// <summary>The <c>data</c> of an error as a detached element; null when it cannot be read (the code still decides).</summary>
    /// <param name="value">The bytes of the value.</param>
    public static JsonElement? ParseData(ReadOnlySpan<byte> value)
    {
        try
        {
            var reader = new Utf8JsonReader(value, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return JsonElement.ParseValue(ref reader);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            return null;
        }
    }

    /// <summary>What System.Text.Json and the SDK's converters throw for input they cannot read (invalid UTF-8 is an InvalidOperationException).</summary>
    public static bool IsDecodeFailure(Exception ex) =>
        ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException or NotSupportedException or InsufficientExecutionStackException;

    /// <summary>A code as sent: an integral number in its plain spelling, a string trimmed; null for a blank, <c>null</c> or any other value.</summary>
    private static string? ReadCode(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var n))
                {
                    return n == 0 ? Success : n.ToString(CultureInfo.InvariantCulture);
                }

                if (reader.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15)
                {
                    return ((long)d).ToString(CultureInfo.InvariantCulture);
                }

                return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.String:
                if (reader.ValueTextEquals("0"u8))
                {
                    return Success;
                }

                var s = reader.GetString();
                return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
            default:
                return null;
        }
    }

    /// <summary>"2001", "AMBIGUOUS_SYMBOL", "INVALID_TOKEN": letters, digits, '_' and '-' only (a sentence is a message).</summary>
    private static bool IsCodeShaped(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private enum Member
    {
        Other,
        Code,
        Message,
        Msg,
        Error,
    }

    /// <summary>A string member: its position in the body when it needs no unescaping, else its value.</summary>
    private readonly struct JsonText
    {
        private readonly int _start;
        private readonly int _length;
        private readonly string? _value;

        private JsonText(int start, int length, string? value)
        {
            _start = start;
            _length = length;
            _value = value;
        }

        /// <summary>The reader is on the value; a value that is not a string reads as absent.</summary>
        /// <exception cref="JsonException">The string is not valid UTF-8 (<see cref="Utf8JsonReader.GetString"/> would throw too).</exception>
        public static JsonText Read(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return default;
            }

            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                return new JsonText(-1, 0, reader.GetString());
            }

            return Utf8.IsValid(reader.ValueSpan)
                ? new JsonText((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null)
                : throw new JsonException("A string is not valid UTF-8.");
        }

        public string? Get(ReadOnlySpan<byte> body) =>
            _value ?? (_length > 0 || _start > 0 ? Encoding.UTF8.GetString(body.Slice(_start, _length)) : null);
    }
}
