using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MarketData.Client.Diagnostics;
using MarketData.Client.Serialization;

namespace MarketData.Client.Http;

/// <summary>
/// Reads a REST reply: success gives the typed <c>data</c>; anything else becomes the typed exception through
/// <see cref="HttpReply"/> (the envelope is read by <see cref="ErrorEnvelope"/>, the code becomes an exception in
/// <see cref="MarketDataErrors"/>).
/// </summary>
internal static class EnvelopeReader
{
    /// <summary>Reads the <c>data</c> of a reply under a success status.</summary>
    /// <param name="body">The body.</param>
    /// <param name="typeInfo">The shape of <c>data</c>.</param>
    /// <param name="reply">The reply the body came with.</param>
    /// <param name="dataRequired">False for a call whose success carries nothing to return (a DELETE): no body, or no
    /// <c>data</c>, is success, and <c>default</c> is returned.</param>
    public static T Read<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo, in HttpReply reply, bool dataRequired = true)
    {
        if (body.IsEmpty && !dataRequired && reply.IsSuccessStatus)
        {
            return default!;
        }

        ErrorEnvelope envelope;
        try
        {
            envelope = ErrorEnvelope.Read(body);
        }
        catch (Exception ex) when (ErrorEnvelope.IsDecodeFailure(ex))
        {
            throw reply.Unusable(body, ex);
        }

        if (envelope.Code is null && reply.IsSuccessStatus)
        {
            // JSON without a code: only an error status could explain it.
            throw reply.Malformed(body, "The reply has no code.");
        }

        if (envelope.IsError || !reply.IsSuccessStatus)
        {
            // A code decides; code 0 (or none) with an error status: trust the status.
            throw reply.ToException(body, envelope);
        }

        if (!envelope.HasData)
        {
            return dataRequired ? throw reply.Malformed(body, "The reply has no data.") : default!;
        }

        T? value;
        try
        {
            var reader = new Utf8JsonReader(body[envelope.DataStart..envelope.DataEnd], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            value = JsonSerializer.Deserialize(ref reader, typeInfo);
        }
        catch (Exception ex) when (ErrorEnvelope.IsDecodeFailure(ex))
        {
            throw reply.Malformed(body, $"The {At(ex, reply.Redactor)} does not match the documented shape.", ex);
        }

        if (value is null)
        {
            return dataRequired ? throw reply.Malformed(body, "The reply has no data.") : default!;
        }

        // Required fields (symbol, prices, timestamps) missing or null, or a null list element: malformed, not defaults.
        return RequiredFields.FirstMissing(value) is { } missing
            ? throw reply.Malformed(body, $"The required field {DataPath(missing)} is missing or null.")
            : value;
    }

    /// <summary>"$[0].symbol" or "[0].symbol" → "data[0].symbol"; ".symbol" → "data.symbol".</summary>
    private static string DataPath(string path) => "data" + path.TrimStart('$');

    /// <summary>"value at data[0].timestamp" for a value that does not decode, else "data"; property names come from the server, so redacted and cut.</summary>
    private static string At(Exception ex, SecretRedactor redactor) =>
        ex is JsonException { Path: { Length: > 1 and <= 200 } path } && redactor.Redact(DataPath(path)) is { } safe ? "value at " + safe : "data";
}
