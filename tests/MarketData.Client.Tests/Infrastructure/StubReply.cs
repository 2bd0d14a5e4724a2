using System.Globalization;
using System.Text;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>One reply of the stub: status, raw body (sent byte for byte), headers; or held until the stub stops.</summary>
public sealed record StubReply(int Status, string? Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The stub never answers (until it is disposed): the client's timeouts must act.</summary>
    public bool Hold { get; init; }

    /// <summary>200 with the success envelope around <paramref name="dataJson"/>.</summary>
    public static StubReply Ok(string dataJson) => new(200, Envelope.Success(dataJson));

    /// <summary>An error envelope whose code is a JSON number.</summary>
    public static StubReply Error(int status, long code, string message = "error") => new(status, Envelope.Error(code.ToString(CultureInfo.InvariantCulture), message));

    /// <summary>An error envelope whose code is a JSON string.</summary>
    public static StubReply Error(int status, string code, string message = "error") => new(status, Envelope.Error(Envelope.Quote(code), message));

    public static StubReply Held { get; } = new(200, null) { Hold = true };

    public StubReply WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };

    public StubReply RetryAfter(string value) => WithHeader("Retry-After", value);

    internal ResponseMessage ToResponseMessage()
    {
        var message = new ResponseMessage { StatusCode = Status };
        if (Body is not null)
        {
            message.BodyData = new BodyData
            {
                BodyAsString = Body,
                DetectedBodyType = BodyType.String,
                Encoding = Encoding.UTF8,
            };
            message.AddHeader("Content-Type", ContentType);
        }

        foreach (var (name, value) in Headers)
        {
            message.AddHeader(name, value);
        }

        return message;
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
