using MarketData.Client.Diagnostics;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Http;

/// <summary>
/// What <c>AddMarketDataClient</c> learns from the handler chain <see cref="IHttpClientFactory"/> builds for the SDK (one per
/// registration and container): whether the primary handler writes trace headers itself, and whether the app added a retry layer of its own.
/// </summary>
internal sealed class HandlerChain
{
    private int _warned;
    private volatile bool _primaryHasNoPropagator;

    /// <summary>True when the primary handler is a <see cref="SocketsHttpHandler"/> without a propagator (the SDK's own): the SDK writes the trace headers.</summary>
    public bool PrimaryHasNoPropagator => _primaryHasNoPropagator;

    /// <summary>Whether a handler retries on its own: Microsoft.Extensions.Http.Resilience (AddStandardResilienceHandler, AddResilienceHandler) or Microsoft.Extensions.Http.Polly.</summary>
    /// <param name="handler">A handler of the chain.</param>
    /// <returns>True for a known retry layer; matched by type name so the SDK depends on neither package.</returns>
    public static bool IsResilienceHandler(DelegatingHandler handler)
    {
        var type = handler.GetType();
        return type.Namespace == "Microsoft.Extensions.Http.Resilience" || type.FullName == "Microsoft.Extensions.Http.PolicyHttpMessageHandler";
    }

    /// <summary>Looks at the finished chain (runs after every configuration of the client); warns once per registration and container about stacked retries.</summary>
    /// <param name="builder">The builder, with every handler the app configured.</param>
    /// <param name="options">The SDK's options.</param>
    public void Inspect(HttpMessageHandlerBuilder builder, MarketDataClientOptions options)
    {
        _primaryHasNoPropagator = builder.PrimaryHandler is SocketsHttpHandler { ActivityHeadersPropagator: null };
        var sdkRetries = options.Resilience.Pipeline is not null || (options.Resilience.Enabled && options.Resilience.MaxRetries > 0);
        if (!sdkRetries || builder.AdditionalHandlers.FirstOrDefault(IsResilienceHandler) is not { } other || Interlocked.Exchange(ref _warned, 1) != 0)
        {
            return;
        }

        if (options.LoggerFactory?.CreateLogger("MarketData.Client") is { } logger)
        {
            Log.RetryLayersStacked(logger, other.GetType().FullName ?? other.GetType().Name, options.Resilience.MaxRetries + 1);
        }
    }
}
