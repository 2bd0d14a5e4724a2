using System.Net;
using MarketData.Client.Http;
using MarketData.Client.Resilience;

namespace MarketData.Client.Streaming;

/// <summary>What the server answered to a WebSocket upgrade it refused.</summary>
/// <param name="StatusCode">The HTTP status (401, 403, 429, 5xx...).</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, if any.</param>
/// <param name="Body">The start of the body (at most <see cref="UpgradeResponseCapture.MaxBodyBytes"/>).</param>
/// <param name="Location">The <c>Location</c> of a redirect, made absolute; never followed.</param>
internal sealed record UpgradeFailure(HttpStatusCode StatusCode, TimeSpan? RetryAfter, byte[] Body, Uri? Location = null);

/// <summary>
/// Sits under <see cref="System.Net.WebSockets.ClientWebSocket"/> and keeps what a refused upgrade answered: the status,
/// <c>Retry-After</c> and the body with the error code, which the socket itself does not expose.
/// </summary>
internal sealed class UpgradeResponseCapture : DelegatingHandler
{
    public const int MaxBodyBytes = 4096;

    private readonly TimeProvider _time;
    private UpgradeFailure? _failure;

    public UpgradeResponseCapture(HttpMessageHandler inner, TimeProvider time)
        : base(inner) => _time = time;

    /// <summary>
    /// The capture over the stream's own handler. It never follows a redirect (the URL carries <c>api_key</c>; a 3xx
    /// closes the stream with a <see cref="MarketDataTransportException"/>) and has no propagator, which leaves out the
    /// runtime's DiagnosticsHandler: its <c>HttpHandlerDiagnosticListener</c> events and <c>System.Net.Http</c> activity
    /// would hand the URL with the key to any subscriber.
    /// </summary>
    /// <param name="connectTimeout">The TCP/TLS connect timeout.</param>
    /// <param name="time">The clock that dates <c>Retry-After</c>.</param>
    /// <returns>The capture; send through <see cref="CreateInvoker"/>.</returns>
    public static UpgradeResponseCapture Create(TimeSpan connectTimeout, TimeProvider time) =>
        new(
            new SocketsHttpHandler
            {
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = connectTimeout,
                AllowAutoRedirect = false,
                ActivityHeadersPropagator = null,
            },
            time);

    /// <summary>
    /// An invoker over this capture (it disposes the capture) that skips <see cref="HttpMessageInvoker"/>'s own telemetry:
    /// the <c>System.Net.Http</c> event source's <c>RequestStart</c> event carries the path and query, here <c>?api_key=</c>.
    /// </summary>
    /// <returns>The invoker for <see cref="System.Net.WebSockets.ClientWebSocket.ConnectAsync(Uri, HttpMessageInvoker?, CancellationToken)"/>.</returns>
    public HttpMessageInvoker CreateInvoker() => new QuietInvoker(this);

    /// <summary>The refusal of the latest upgrade (connection attempts of one stream are sequential), or null.</summary>
    public UpgradeFailure? LastFailure => Volatile.Read(ref _failure);

    public void Reset() => Volatile.Write(ref _failure, null);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var location = RedirectRefusal.Target(response.Headers.Location, request.RequestUri);
            Volatile.Write(ref _failure, new UpgradeFailure(response.StatusCode, RetryAfterParser.Parse(response.Headers, _time.GetUtcNow()), body, location));
        }

        return response;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxBodyBytes];
                var total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return buffer.AsSpan(0, total).ToArray();
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // The status alone still classifies the failure.
            return [];
        }
    }

    /// <summary>Sends straight to the capture: no <c>RequestStart</c> event with the key in the query.</summary>
    private sealed class QuietInvoker(UpgradeResponseCapture capture) : HttpMessageInvoker(capture, disposeHandler: true)
    {
        public override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            capture.SendAsync(request, cancellationToken);

        public override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The WebSocket upgrade is sent asynchronously.");
    }
}
