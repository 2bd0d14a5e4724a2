using System.Net;
using System.Text.Json;
using MarketData.Client.Diagnostics;

namespace MarketData.Client;

/// <summary>
/// An HTTP reply without its body (a REST reply or a refused WebSocket upgrade): the status, <c>Retry-After</c>, the path
/// it answered and the redactor for what goes into an exception. Turns an error body into its typed exception; every text
/// is redacted.
/// </summary>
internal readonly struct HttpReply
{
    public HttpReply(HttpStatusCode? statusCode, string? requestPath, TimeSpan? retryAfter, SecretRedactor redactor)
    {
        StatusCode = statusCode;
        RequestPath = requestPath;
        RetryAfter = retryAfter;
        Redactor = redactor;
    }

    public HttpStatusCode? StatusCode { get; }

    public string? RequestPath { get; }

    public TimeSpan? RetryAfter { get; }

    public SecretRedactor Redactor { get; }

    /// <summary>The code to read when the body carries none, instead of letting the status decide (a bare 429 on the upgrade is 3003).</summary>
    public string CodeWhenNone { get; init; } = string.Empty;

    public bool IsSuccessStatus => StatusCode is null || ((int)StatusCode >= 200 && (int)StatusCode <= 299);

    /// <summary>
    /// The exception for an error reply: the body's code decides, else the status (ERRORS.md). A body that is not the
    /// envelope is an error of its status with an excerpt under 4xx/5xx, else no usable reply.
    /// </summary>
    /// <param name="body">The body.</param>
    /// <param name="complete">False when the body may have been cut (a capped upgrade body).</param>
    public MarketDataException ToException(ReadOnlySpan<byte> body, bool complete = true)
    {
        if (body.IsEmpty)
        {
            return IsSuccessStatus ? Malformed(body, "The reply is empty.") : MarketDataErrors.CreateException(Details(CodeWhenNone, null, null, null));
        }

        ErrorEnvelope envelope;
        try
        {
            envelope = ErrorEnvelope.Read(body, complete);
        }
        catch (Exception ex) when (ErrorEnvelope.IsDecodeFailure(ex))
        {
            return Unusable(body, ex);
        }

        return ToException(body, envelope);
    }

    /// <summary>The exception for a body whose envelope was read: its code decides; code 0 or none leaves it to the status.</summary>
    public MarketDataException ToException(ReadOnlySpan<byte> body, in ErrorEnvelope envelope) =>
        MarketDataErrors.CreateException(envelope.IsError
            ? Details(envelope.Code!, envelope.Message(body), envelope.Data(body), null)
            : Details(CodeWhenNone, envelope.Message(body), null, null));

    /// <summary>A body that cannot be read: under 4xx/5xx the status decides and the excerpt is kept; else no usable reply.</summary>
    public MarketDataException Unusable(ReadOnlySpan<byte> body, Exception inner)
    {
        var excerpt = BodyExcerpt.Of(body, Redactor);
        if (StatusCode is { } s && (int)s >= 400)
        {
            // Not JSON (a proxy's HTML page) or cut off under an error status: with no code, the status decides
            // (ERRORS.md): 429 rate limit, 401/403 authentication, 5xx service error; the excerpt is kept.
            return MarketDataErrors.CreateException(Details(CodeWhenNone, null, null, excerpt));
        }

        // A success (or no) status with a body that cannot be read: no usable reply.
        return new MarketDataTransportException(Details(string.Empty, null, null, excerpt, ErrorCode.TransportFailure, transient: StatusCode is null), inner);
    }

    /// <summary>A reply that is JSON but not of the documented shape.</summary>
    public MarketDataTransportException Malformed(ReadOnlySpan<byte> body, string why, Exception? inner = null) =>
        new(Details(string.Empty, why, null, BodyExcerpt.Of(body, Redactor), ErrorCode.MalformedResponse), inner);

    /// <summary>The details of an error of this reply; <paramref name="sdkCode"/> for a failure the SDK found itself.</summary>
    private MarketDataErrorDetails Details(string rawCode, string? message, JsonElement? data, string? excerpt, ErrorCode? sdkCode = null, bool? transient = null) =>
        new(rawCode)
        {
            SdkCode = sdkCode,
            StatusCode = StatusCode,
            RequestPath = Redactor.Redact(RequestPath),
            ServerMessage = Redactor.Redact(message),
            RetryAfter = RetryAfter,
            Data = data,
            BodyExcerpt = excerpt,
            IsTransient = transient,
        };
}
