using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>One reply of the <see cref="LoopbackServer"/> to a request or an upgrade: status, raw body (sent byte for byte), headers; or held until the client gives up or the server stops.</summary>
public sealed record StubReply(int Status, string? Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The server never answers (until the client gives up, or the server stops: then 503): the client's timeouts must act.</summary>
    public bool Hold { get; init; }

    /// <summary>200 with the success envelope around <paramref name="dataJson"/>.</summary>
    public static StubReply Ok(string dataJson) => new(200, Envelope.Success(dataJson));

    /// <summary>An error envelope whose code is a JSON number.</summary>
    public static StubReply Error(int status, long code, string message = "error") => new(status, Envelope.Error(code.ToString(CultureInfo.InvariantCulture), message));

    /// <summary>An error envelope whose code is a JSON string.</summary>
    public static StubReply Error(int status, string code, string message = "error") => new(status, Envelope.Error(Envelope.Quote(code), message));

    /// <summary>An upgrade refusal: an error envelope with a string code and the message "refused by the test server".</summary>
    public static StubReply Refuse(int status, string code, string? retryAfter = null) => Error(status, code, "refused by the test server").RetryAfter(retryAfter);

    public static StubReply Held { get; } = new(200, null) { Hold = true };

    public StubReply WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };

    /// <summary>Adds a <c>Retry-After</c> header (none when <paramref name="value"/> is null).</summary>
    public StubReply RetryAfter(string? value) => value is null ? this : WithHeader("Retry-After", value);

    internal async Task WriteToAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (Body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(Body);
            response.ContentType = ContentType;
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes);
        }
    }
}

/// <summary>The service's envelope <c>{"code", "message", "data"}</c>.</summary>
internal static class Envelope
{
    public static string Success(string dataJson) => $$"""{"code":0,"message":"success","data":{{dataJson}}}""";

    /// <param name="codeJson">The code as JSON: <c>2001</c> or <c>"2001"</c>.</param>
    public static string Error(string codeJson, string message, string? dataJson = null) =>
        dataJson is null
            ? $$"""{"code":{{codeJson}},"message":{{Quote(message)}}}"""
            : $$"""{"code":{{codeJson}},"message":{{Quote(message)}},"data":{{dataJson}}}""";

    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
