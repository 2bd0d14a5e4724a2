using System.Text;
using System.Text.Json;

namespace MarketData.Client.Testing.Internal;

/// <summary>An HTTP answer of the simulator.</summary>
internal sealed record SimResponse(int Status, byte[] Body, string ContentType = "application/json; charset=utf-8")
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The wire code of the envelope, when the simulator wrote one.</summary>
    public string? Code { get; init; }

    public static SimResponse Ok(Action<Utf8JsonWriter> writeData) => new(200, Json.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("code", 0);
        w.WriteString("message", "success");
        w.WritePropertyName("data");
        writeData(w);
        w.WriteEndObject();
    }))
    { Code = "0" };

    public static SimResponse Error(SimulatedError error) => new(error.Status, Json.Write(w =>
    {
        w.WriteStartObject();
        w.WriteCode(error.WireCode);
        w.WriteString("message", error.Message);
        if (error.WriteData is { } data)
        {
            w.WritePropertyName("data");
            data(w);
        }

        w.WriteEndObject();
    }))
    { Code = error.WireCode };

    public static SimResponse Text(int status, string body, string contentType) => new(status, Encoding.UTF8.GetBytes(body), contentType);
}
