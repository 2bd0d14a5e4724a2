using MarketData.Client.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using MarketData.Client.Http;

namespace MarketData.Client.Streaming;

/// <summary>
/// Builds the stream's exceptions. Error frames and refused upgrades are read by <see cref="ErrorEnvelope"/> and
/// <see cref="HttpReply"/> as REST replies are, and their codes become exceptions in <see cref="MarketDataErrors"/>;
/// every text is redacted.
/// </summary>
internal sealed class StreamExceptionFactory
{
    public const string UpgradePath = "/v1/realtime";

    private readonly SecretRedactor _redactor;

    public StreamExceptionFactory(SecretRedactor redactor) => _redactor = redactor;

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

        var reply = new HttpReply(failure.StatusCode, UpgradePath, failure.RetryAfter, _redactor)
        {
            CodeWhenNone = failure.StatusCode == HttpStatusCode.TooManyRequests ? MarketDataErrors.Describe(ErrorCode.ConnectionLimitExceeded).WireCode : string.Empty,
        };

        // The capture keeps only the start of a long body: what was read before its end counts.
        return reply.ToException(failure.Body, complete: failure.Body.Length < UpgradeResponseCapture.MaxBodyBytes);
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

    /// <summary>A callback of the app threw on the receive path; <paramref name="thrown"/> is kept as the inner exception unless its text holds the key.</summary>
    public StreamHandlerException HandlerFailed(string registration, StreamMessage message, Exception thrown) =>
        new(
            new MarketDataErrorDetails(ErrorCode.HandlerFailed)
            {
                RequestPath = UpgradePath,
                ServerMessage = _redactor.Redact($"the {registration} handler threw {thrown.GetType().Name} for {message.SubscribedSymbol ?? message.Symbol}: {thrown.Message}; the stream goes on"),
            },
            message.Channel,
            message.SubscribedSymbol ?? message.Symbol,
            Safe(thrown));

    public MarketDataTransportException ServerClosed(WebSocketCloseStatus? status, string? description) =>
        Transport($"the server closed the connection ({(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + s : "no status")}{(string.IsNullOrEmpty(description) ? string.Empty : ": " + description)})", null);

    public MarketDataTransportException Malformed(string problem, ReadOnlySpan<byte> frame) =>
        new(new MarketDataErrorDetails(ErrorCode.MalformedResponse)
        {
            RequestPath = UpgradePath,
            ServerMessage = _redactor.Redact(problem),
            BodyExcerpt = frame.IsEmpty ? null : BodyExcerpt.Of(frame, _redactor),
        });

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
