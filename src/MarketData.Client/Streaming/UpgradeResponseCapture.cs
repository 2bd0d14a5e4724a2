using System.Net;
using MarketData.Client.Resilience;

namespace MarketData.Client.Streaming;

/// <summary>What the server answered to a WebSocket upgrade it refused.</summary>
/// <param name="StatusCode">The HTTP status (401, 403, 429, 5xx...).</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, if any.</param>
/// <param name="Body">The start of the body (at most <see cref="UpgradeResponseCapture.MaxBodyBytes"/>).</param>
internal sealed record UpgradeFailure(HttpStatusCode StatusCode, TimeSpan? RetryAfter, byte[] Body);

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

    /// <summary>The refusal of the latest upgrade (connection attempts of one stream are sequential), or null.</summary>
    public UpgradeFailure? LastFailure => Volatile.Read(ref _failure);

    public void Reset() => Volatile.Write(ref _failure, null);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _failure, new UpgradeFailure(response.StatusCode, RetryAfterParser.Parse(response.Headers, _time.GetUtcNow()), body));
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
}
