namespace Microsoft.Extensions.DependencyInjection;

/// <summary>One <c>AddMarketDataClient</c> call: the client name and the name of its <see cref="System.Net.Http.HttpClient"/>.</summary>
/// <param name="Name">The client name (<see cref="string.Empty"/> for the unnamed registration).</param>
/// <param name="HttpClientName">The <see cref="IHttpClientFactory"/> name its handlers are configured under.</param>
internal sealed record MarketDataClientRegistration(string Name, string HttpClientName);
