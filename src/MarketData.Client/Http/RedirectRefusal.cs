using MarketData.Client.Diagnostics;
using System.Net;

namespace MarketData.Client.Http;

/// <summary>
/// The SDK never follows a redirect: the service does not send them, and following one would carry the API key
/// (the <c>X-API-Key</c> header, or <c>?api_key=</c> on the WebSocket URL) to whatever host the reply names.
/// A 3xx becomes a <see cref="MarketDataTransportException"/> that names the status and the target host, never its path or query.
/// </summary>
internal static class RedirectRefusal
{
    public static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and <= 399;

    /// <summary>The <c>Location</c> made absolute against the request it answered (null when there is none, or it cannot be resolved).</summary>
    /// <param name="location">The <c>Location</c> header, absolute or relative, if any.</param>
    /// <param name="requestUri">The request it answered.</param>
    /// <returns>The absolute target, or null.</returns>
    public static Uri? Target(Uri? location, Uri? requestUri) =>
        location is null ? null : location.IsAbsoluteUri ? location : requestUri is null ? null : new Uri(requestUri, location);

    /// <param name="status">The 3xx status.</param>
    /// <param name="location">The <c>Location</c> header, absolute or relative, if any.</param>
    /// <param name="requestUri">The request it answered (resolves a relative location); null when the location is absolute already.</param>
    /// <param name="requestPath">The path to report (no query).</param>
    /// <param name="redactor">Removes the key should the host name carry it.</param>
    public static MarketDataTransportException Create(HttpStatusCode status, Uri? location, Uri? requestUri, string requestPath, SecretRedactor redactor)
    {
        var target = Target(location, requestUri);

        // Scheme and authority only: Authority has neither user info nor path nor query.
        var where = target is null ? "without a Location" : "to " + target.Scheme + "://" + target.Authority;
        return new MarketDataTransportException(new MarketDataErrorDetails(ErrorCode.TransportFailure)
        {
            StatusCode = status,
            RequestPath = requestPath,
            ServerMessage = redactor.Redact($"The server answered HTTP {(int)status} {where}; the SDK does not follow redirects (the API key would go along)"),
            IsTransient = false,
        });
    }
}
