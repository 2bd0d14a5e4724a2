using MarketData.Client.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketData.Client.Http;

namespace MarketData.Client.Streaming;

/// <summary>Builds the stream's exceptions. Server codes go through <see cref="MarketDataErrors.CreateException"/>; every text is redacted.</summary>
internal sealed class StreamErrors
{
    public const string UpgradePath = "/v1/realtime";
    private const int ExcerptChars = 200;

    private readonly SecretRedactor _redactor;

    public StreamErrors(SecretRedactor redactor) => _redactor = redactor;

    /// <summary>An error reply or an unsolicited error message.</summary>
    public MarketDataException FromReply(in DecodedFrame frame, string command) =>
        MarketDataErrors.CreateException(new MarketDataErrorDetails(frame.Code ?? string.Empty)
        {
            ServerMessage = _redactor.Redact(frame.ServerMessage),
            Data = frame.ErrorData,
            RequestPath = command,
        });

    /// <summary>A refused upgrade: the body's code decides, else the status (a bare 429 on the upgrade is 3003).</summary>
    public MarketDataException FromUpgrade(UpgradeFailure failure)
    {
        if (RedirectRefusal.IsRedirect(failure.StatusCode))
        {
            return RedirectRefusal.Create(failure.StatusCode, failure.Location, null, UpgradePath, _redactor);
        }

        var (code, message) = ReadEnvelope(failure.Body);
        if (code is null && failure.StatusCode == HttpStatusCode.TooManyRequests)
        {
            code = MarketDataErrors.Describe(ErrorCode.ConnectionLimitExceeded).WireCode;
        }

        return MarketDataErrors.CreateException(new MarketDataErrorDetails(code ?? string.Empty)
        {
            StatusCode = failure.StatusCode,
            ServerMessage = _redactor.Redact(message),
            RetryAfter = failure.RetryAfter,
            RequestPath = UpgradePath,
            BodyExcerpt = message is null && failure.Body.Length > 0 ? _redactor.Redact(Excerpt(failure.Body)) : null,
        });
    }

    public MarketDataException FromUpgradeStatus(HttpStatusCode status) => FromUpgrade(new UpgradeFailure(status, null, []));

    public MarketDataTransportException Transport(string what, Exception? inner) =>
        new(new MarketDataErrorDetails(ErrorCode.TransportFailure)
        {
            RequestPath = UpgradePath,
            ServerMessage = _redactor.Redact(inner is null ? what : $"{what}: {inner.Message}"),
            IsTransient = true,
        }, Safe(inner));

    public MarketDataTimeoutException Timeout(string what, TimeSpan limit, Exception? inner = null) =>
        new(new MarketDataErrorDetails(ErrorCode.Timeout) { RequestPath = UpgradePath, ServerMessage = what }, limit, Safe(inner));

    public StreamMessagesDroppedException Dropped(long count, string reason, string why) =>
        new(new MarketDataErrorDetails(ErrorCode.MessagesDropped) { RequestPath = UpgradePath, ServerMessage = _redactor.Redact($"{count} push(es) discarded: {why}") }, count, reason);

    public MarketDataTransportException ServerClosed(WebSocketCloseStatus? status, string? description) =>
        Transport($"the server closed the connection ({(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + s : "no status")}{(string.IsNullOrEmpty(description) ? string.Empty : ": " + description)})", null);

    public MarketDataTransportException Malformed(string problem, ReadOnlySpan<byte> frame) =>
        new(new MarketDataErrorDetails(ErrorCode.MalformedResponse)
        {
            RequestPath = UpgradePath,
            ServerMessage = _redactor.Redact(problem),
            BodyExcerpt = frame.IsEmpty ? null : _redactor.Redact(Excerpt(frame)),
        });

    private static string Excerpt(ReadOnlySpan<byte> bytes)
    {
        var slice = bytes.Length > ExcerptChars * 2 ? bytes[..(ExcerptChars * 2)] : bytes;
        var text = Encoding.UTF8.GetString(slice);
        return text.Length > ExcerptChars ? text[..ExcerptChars] : text;
    }

    private static (string? Code, string? Message) ReadEnvelope(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            var reader = new Utf8JsonReader(body, isFinalBlock: false, state: default);
            string? code = null, message = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("code"u8);
                var isMessage = reader.ValueTextEquals("message"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (isCode && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    code = reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
                }
                else if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else if (!reader.TrySkip())
                {
                    break;
                }
            }

            return (string.IsNullOrWhiteSpace(code) ? null : code.Trim(), message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The inner exception, unless its text carries the key (then it is left out).</summary>
    private Exception? Safe(Exception? inner)
    {
        if (inner is null)
        {
            return null;
        }

        var text = inner.ToString();
        return _redactor.Redact(text) == text ? inner : null;
    }
}
