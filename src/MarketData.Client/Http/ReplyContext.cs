using MarketData.Client.Diagnostics;
using System.Net;
using System.Text.Json;

namespace MarketData.Client.Http;

/// <summary>What is known about a reply besides its body; builds error details with credentials redacted.</summary>
internal readonly struct ReplyContext
{
    public ReplyContext(HttpStatusCode? statusCode, string? requestPath, TimeSpan? retryAfter, SecretRedactor redactor)
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

    public bool IsSuccessStatus => StatusCode is null || ((int)StatusCode >= 200 && (int)StatusCode <= 299);

    public MarketDataErrorDetails Details(string rawCode, string? message, JsonElement? data, string? excerpt) =>
        new(rawCode)
        {
            StatusCode = StatusCode,
            RequestPath = Redactor.Redact(RequestPath),
            ServerMessage = Redactor.Redact(message),
            RetryAfter = RetryAfter,
            Data = data,
            BodyExcerpt = Redactor.Redact(excerpt),
        };

    public MarketDataErrorDetails TransportDetails(string? excerpt, bool transient) =>
        new(string.Empty)
        {
            SdkCode = ErrorCode.TransportFailure,
            StatusCode = StatusCode,
            RequestPath = Redactor.Redact(RequestPath),
            BodyExcerpt = Redactor.Redact(excerpt),
            RetryAfter = RetryAfter,
            IsTransient = transient,
        };

    public MarketDataErrorDetails MalformedDetails(string why, string? excerpt) =>
        new(string.Empty)
        {
            SdkCode = ErrorCode.MalformedResponse,
            StatusCode = StatusCode,
            RequestPath = Redactor.Redact(RequestPath),
            ServerMessage = why,
            BodyExcerpt = Redactor.Redact(excerpt),
        };
}
