using MarketData.Client;
using MarketData.Client.Streaming;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the realtime stream with dependency injection.</summary>
public static class MarketDataStreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMarketDataStream"/> (and <see cref="MarketDataStream"/>, the same instance) and
    /// <see cref="MarketDataStreamPool"/> as singletons built from the <see cref="MarketDataClientOptions"/> (the host's
    /// logger factory and <see cref="TimeProvider"/> are used unless the options set their own, metrics go to the host's
    /// <c>IMeterFactory</c> when it has one). Neither connects until its <c>ConnectAsync</c>; the container disposes them
    /// (close frame included). <c>AddMarketDataClient</c> does not register the stream: call this for it.
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

        var name = Microsoft.Extensions.Options.Options.DefaultName;
        MarketDataServiceCollectionExtensions.AddCommon(services, name);
        services.TryAddSingleton(sp => sp.GetRequiredService<MarketDataServices>().CreateStream(name));
        services.TryAddSingleton<IMarketDataStream>(sp => sp.GetRequiredService<MarketDataStream>());
        services.TryAddSingleton(sp => sp.GetRequiredService<MarketDataServices>().CreatePool(name));
        return services;
    }
}
