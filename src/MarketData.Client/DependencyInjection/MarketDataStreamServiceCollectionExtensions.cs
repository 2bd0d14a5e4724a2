using MarketData.Client;
using MarketData.Client.Streaming;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the realtime stream with dependency injection.</summary>
public static class MarketDataStreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MarketDataStream"/> and <see cref="MarketDataStreamPool"/> as singletons built from the
    /// <see cref="MarketDataClientOptions"/> (the host's logger factory and <see cref="TimeProvider"/> are used unless the options
    /// set their own). Neither connects until its <c>ConnectAsync</c>; the container disposes them (close frame included).
    /// <c>AddMarketDataClient</c> calls this too.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, unless <c>AddMarketDataClient</c> already does.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMarketDataStream(this IServiceCollection services, Action<MarketDataClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.AddOptions<MarketDataClientOptions>().Configure(configure);
        }

        MarketDataServiceCollectionExtensions.AddValidation(services);
        services.TryAddSingleton(sp => new MarketDataStream(MarketDataServiceCollectionExtensions.ResolveOptions(sp)));
        services.TryAddSingleton(sp => new MarketDataStreamPool(MarketDataServiceCollectionExtensions.ResolveOptions(sp)));
        return services;
    }
}
