namespace MarketData.Client;

/// <summary>
/// Creates the REST clients registered with <c>AddMarketDataClient</c>, by name: an app that holds two API keys (two
/// accounts, two regions) registers <c>AddMarketDataClient("eu", ...)</c> and <c>AddMarketDataClient("us", ...)</c> and
/// asks for each here. The unnamed registration is the name <see cref="string.Empty"/> (and is also injectable as
/// <see cref="IMarketDataClient"/>). A named client is also registered as a keyed service:
/// <c>[FromKeyedServices("eu")] IMarketDataClient</c>.
/// </summary>
public interface IMarketDataClientFactory
{
    /// <summary>
    /// Creates a client of the registration <paramref name="name"/>, over <see cref="IHttpClientFactory"/> (cheap: create
    /// one per use or keep it; disposing it is optional and leaves the pooled connections alone).
    /// </summary>
    /// <param name="name">The name given to <c>AddMarketDataClient</c>; <see cref="string.Empty"/> for the unnamed registration.</param>
    /// <returns>The client, with that registration's options (its own key and address).</returns>
    /// <exception cref="InvalidOperationException">No client of that name is registered.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The registration's options are invalid.</exception>
    IMarketDataClient CreateClient(string name);
}
