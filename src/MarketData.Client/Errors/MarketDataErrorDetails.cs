using System.Net;
using System.Text.Json;

namespace MarketData.Client;

/// <summary>
/// What the SDK knew about a failure when it raised a <see cref="MarketDataException"/>: the code as sent,
/// the HTTP status, the server's message and the request it answered.
/// </summary>
/// <remarks>Apps normally only read these values through the exception; the type is public so that tests
/// and mocks of <see cref="IMarketDataClient"/> can construct any exception of the hierarchy.</remarks>
public sealed class MarketDataErrorDetails
{
    /// <summary>Creates the details of a failure.</summary>
    /// <param name="rawCode">The code as the service sent it ("2001", "AMBIGUOUS_SYMBOL", "40404"), or a number as text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rawCode"/> is null.</exception>
    public MarketDataErrorDetails(string rawCode)
    {
        ArgumentNullException.ThrowIfNull(rawCode);
        RawCode = rawCode;
    }

    /// <summary>Creates the details of a failure from a known code.</summary>
    /// <param name="code">The code.</param>
    public MarketDataErrorDetails(ErrorCode code)
        : this(MarketDataErrors.Describe(code).WireCode)
    {
        if (MarketDataErrors.Describe(code).WireCode.Length == 0)
        {
            SdkCode = code;
        }
    }

    /// <summary>
    /// The code of an error the SDK raised itself (<see cref="ErrorCode.TransportFailure"/>, <see cref="ErrorCode.Timeout"/>,
    /// <see cref="ErrorCode.MalformedResponse"/>); when set it decides the row of the error table instead of <see cref="RawCode"/>.
    /// </summary>
    public ErrorCode? SdkCode { get; init; }

    /// <summary>The code as the service sent it, verbatim (empty when the reply carried none).</summary>
    public string RawCode { get; }

    /// <summary>The HTTP status of the reply, if there was an HTTP reply.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The server's <c>message</c> field, if any. It varies between servers: never branch on it.</summary>
    public string? ServerMessage { get; init; }

    /// <summary>The path of the request (without query string or credentials), or the WebSocket command.</summary>
    public string? RequestPath { get; init; }

    /// <summary>How long the service asked the caller to wait (the <c>Retry-After</c> header), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A short excerpt of a body that could not be used (a proxy's HTML page, a cut-off JSON).</summary>
    public string? BodyExcerpt { get; init; }

    /// <summary>The <c>data</c> member of the error envelope, if it carried one.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>Overrides whether the failure is worth retrying; by default the error table decides.</summary>
    public bool? IsTransient { get; init; }
}
