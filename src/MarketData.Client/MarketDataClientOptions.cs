using MarketData.Client.Streaming;
using MarketData.Client.Resilience;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MarketData.Client;

/// <summary>
/// Options of <see cref="MarketDataClient"/> and <c>MarketDataStream</c>. Every value has a
/// validated default; <see cref="Validate"/> checks the whole set and the client calls it on construction.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class MarketDataClientOptions
{
    /// <summary>The production service.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.tickdb.ai");

    private Uri _baseAddress = DefaultBaseAddress;
    private long _maxResponseBytes = 16 * 1024 * 1024;

    /// <summary>The API key, sent as the <c>X-API-Key</c> header (and as <c>api_key</c> on the WebSocket URL). Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The service's address; default <c>https://api.tickdb.ai</c>. The stream URL is derived from it (https → wss, path <c>/v1/realtime</c>).</summary>
    /// <exception cref="ArgumentException">The value is not an absolute http(s) URI.</exception>
    public Uri BaseAddress
    {
        get => _baseAddress;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException("BaseAddress must be an absolute http or https URI.", nameof(value));
            }

            _baseAddress = value;
        }
    }

    /// <summary>
    /// Obsolete alias of <see cref="MarketDataResilienceOptions.TotalTimeout"/>, the documented name (default 60 s). The
    /// configuration key <c>MarketData:Timeout</c> still binds to it.
    /// </summary>
    [Obsolete("Use Resilience.TotalTimeout (configuration key MarketData:Resilience:TotalTimeout); Timeout is an alias of it.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan Timeout
    {
        get => Resilience.TotalTimeout;
        set => Resilience.TotalTimeout = value;
    }

    /// <summary>Retries, backoff, Retry-After handling and timeouts of REST calls.</summary>
    public MarketDataResilienceOptions Resilience { get; set; } = new();

    /// <summary>Heartbeat, reconnect, acknowledgement and backpressure settings of the WebSocket stream.</summary>
    public MarketDataStreamOptions Streaming { get; set; } = new();

    /// <summary>The clock every wait goes through; default <see cref="TimeProvider.System"/>. Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the SDK logs; default none. With dependency injection the host's logger factory is used.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Allows sending the API key over plain <c>http://</c> or <c>ws://</c> to a host that is not loopback. Default
    /// false: such a client refuses to start. Loopback is always allowed (tests, the simulator).
    /// </summary>
    public bool AllowInsecureTransport { get; set; }

    /// <summary>The largest REST body the client reads; a longer one fails with a typed transport error. Default 16 MiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 KiB.</exception>
    public long MaxResponseBytes
    {
        get => _maxResponseBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024L);
            _maxResponseBytes = value;
        }
    }

    /// <summary>Checks the whole set of options.</summary>
    /// <exception cref="ArgumentException">The API key is missing, blank or contains control characters, or the transport is insecure.</exception>
    public void Validate()
    {
        ValidateApiKey(ApiKey);
        Resilience.Validate();
        Streaming.Validate();
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (!AllowInsecureTransport && BaseAddress.Scheme == Uri.UriSchemeHttp && !BaseAddress.IsLoopback)
        {
            throw new ArgumentException(
                "BaseAddress uses plain http to a host that is not loopback; the API key would travel unencrypted. Use https, or set AllowInsecureTransport.",
                nameof(BaseAddress));
        }
    }

    /// <summary>A copy of these options (nested option objects are copied too).</summary>
    /// <returns>The copy.</returns>
    public MarketDataClientOptions Clone() => new()
    {
        ApiKey = ApiKey,
        BaseAddress = BaseAddress,
        Resilience = Resilience.Clone(),
        Streaming = Streaming.Clone(),
        TimeProvider = TimeProvider,
        LoggerFactory = LoggerFactory,
        AllowInsecureTransport = AllowInsecureTransport,
        MaxResponseBytes = MaxResponseBytes,
    };

    /// <summary>Describes the options with the API key masked.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"MarketDataClientOptions {{ ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")}, BaseAddress = {BaseAddress}, TotalTimeout = {Resilience.TotalTimeout}, AllowInsecureTransport = {AllowInsecureTransport} }}";

    /// <summary>
    /// The one place options are copied and checked: the public constructors of the client, the stream and the pool,
    /// and dependency injection (once per registration) call this; what they build from the copy trusts it.
    /// </summary>
    /// <param name="options">The caller's options.</param>
    /// <returns>A validated copy, independent of later changes to <paramref name="options"/>.</returns>
    internal static MarketDataClientOptions ValidatedCopy(MarketDataClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        return copy;
    }

    internal static void ValidateApiKey(string? apiKey)
    {
        if (apiKey is null)
        {
            throw new ArgumentNullException(nameof(ApiKey), "An API key is required (MarketDataClientOptions.ApiKey).");
        }

        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("The API key is blank.", nameof(ApiKey));
        }

        foreach (var c in apiKey)
        {
            if (char.IsControl(c) || c > '\u007e')
            {
                throw new ArgumentException("The API key contains a control or non-ASCII character (a header injection attempt or a copy-paste error).", nameof(ApiKey));
            }
        }
    }
}
