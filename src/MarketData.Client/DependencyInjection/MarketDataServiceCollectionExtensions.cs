using MarketData.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the market-data client with dependency injection.</summary>
public static class MarketDataServiceCollectionExtensions
{
    /// <summary>The configuration section <c>AddMarketDataClient(services, configuration)</c> reads: "MarketData".</summary>
    public const string ConfigurationSectionName = "MarketData";

    /// <summary>
    /// Registers <see cref="IMarketDataClient"/> as a typed client over <see cref="IHttpClientFactory"/>, with options
    /// validated when the host starts. The host's <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> are used
    /// unless the options set their own.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="MarketDataClientOptions.ApiKey"/>).</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    public static IHttpClientBuilder AddMarketDataClient(this IServiceCollection services, Action<MarketDataClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MarketDataClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers <see cref="IMarketDataClient"/> with options read from the configuration section "MarketData" of
    /// <paramref name="configuration"/> (or from <paramref name="configuration"/> itself when it has no such section):
    /// <c>ApiKey</c>, <c>BaseAddress</c>, <c>Timeout</c>, <c>AllowInsecureTransport</c>, <c>MaxResponseBytes</c>,
    /// <c>Resilience:*</c> and <c>Streaming:*</c> with the property names of the option classes. A key under the
    /// section that is no setting (a typo) or a value that does not parse fails the options with an
    /// <see cref="OptionsValidationException"/> naming the key, at host start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root or the section.</param>
    /// <param name="configure">Further changes after binding, if any.</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    public static IHttpClientBuilder AddMarketDataClient(this IServiceCollection services, IConfiguration configuration, Action<MarketDataClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConfigurationSectionName);
        IConfiguration source = section.Exists() ? section : configuration;
        services.AddOptions<MarketDataClientOptions>().Configure(o =>
        {
            MarketDataOptionsBinder.Bind(source, o, rejectUnknown: source is IConfigurationSection);
            configure?.Invoke(o);
        });
        return AddCore(services);
    }

    internal static MarketDataClientOptions ResolveOptions(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<MarketDataClientOptions>>().Value.Clone();
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && services.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        return options;
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        AddValidation(services);
        services.AddMarketDataStream();
        services.TryAddSingleton<MarketData.Client.Http.HandlerChain>();
        var builder = services
            .AddHttpClient<IMarketDataClient, MarketDataClient>((http, sp) => new MarketDataClient(
                http, ResolveOptions(sp), ownsHttpClient: false, propagateTraceContext: sp.GetRequiredService<MarketData.Client.Http.HandlerChain>().PrimaryHasNoPropagator))
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(MarketDataClient.CreateHandler);

        // After every configuration of the client (PostConfigure): sees the app's handlers, such as AddStandardResilienceHandler.
        services.PostConfigure<HttpClientFactoryOptions>(builder.Name, o => o.HttpMessageHandlerBuilderActions.Add(b =>
            b.Services.GetRequiredService<MarketData.Client.Http.HandlerChain>().Inspect(b, ResolveOptions(b.Services))));

        // IHttpClientFactory logs request headers at Trace; whatever the app decides to redact, the key stays redacted.
        services.PostConfigure<HttpClientFactoryOptions>(builder.Name, o =>
        {
            var appRule = o.ShouldRedactHeaderValue;
            o.ShouldRedactHeaderValue = header =>
                string.Equals(header, MarketData.Client.Http.RestTransport.ApiKeyHeader, StringComparison.OrdinalIgnoreCase) || appRule(header);
        });
        return builder;
    }

    /// <summary>Validates the options when the host starts (shared by the client and the stream registrations).</summary>
    internal static void AddValidation(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketDataClientOptions>, MarketDataClientOptionsValidator>());
        services.AddOptions<MarketDataClientOptions>().ValidateOnStart();
    }

    private sealed class MarketDataClientOptionsValidator : IValidateOptions<MarketDataClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, MarketDataClientOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
