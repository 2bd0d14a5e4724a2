using System.Diagnostics.Metrics;
using MarketData.Client;
using MarketData.Client.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the market-data REST client with dependency injection (the stream: <c>AddMarketDataStream</c>).</summary>
public static class MarketDataServiceCollectionExtensions
{
    /// <summary>The configuration section <c>AddMarketDataClient(services, configuration)</c> reads: "MarketData".</summary>
    public const string ConfigurationSectionName = "MarketData";

    /// <summary>
    /// Registers <see cref="IMarketDataClient"/> as a typed client over <see cref="IHttpClientFactory"/>, with options
    /// validated when the host starts, and <see cref="IMarketDataClientFactory"/> (this registration is its name
    /// <see cref="string.Empty"/>). The host's <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> are used
    /// unless the options set their own; metrics go to the host's <see cref="IMeterFactory"/> when it has one.
    /// The realtime stream is registered separately, by <c>AddMarketDataStream</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="MarketDataClientOptions.ApiKey"/>).</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    public static IHttpClientBuilder AddMarketDataClient(this IServiceCollection services, Action<MarketDataClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MarketDataClientOptions>().Configure(configure);
        return AddDefault(services);
    }

    /// <summary>
    /// Registers <see cref="IMarketDataClient"/> (as <see cref="AddMarketDataClient(IServiceCollection, Action{MarketDataClientOptions})"/>)
    /// with options read from the configuration section "MarketData" of <paramref name="configuration"/> (or from
    /// <paramref name="configuration"/> itself when it has no such section): <c>ApiKey</c>, <c>BaseAddress</c>,
    /// <c>AllowInsecureTransport</c>, <c>MaxResponseBytes</c>, <c>Resilience:*</c> and <c>Streaming:*</c> with the
    /// property names of the option classes, bound by generated code (trimming and AOT safe). A key under the section that
    /// is no setting (a typo) or a value that does not convert or is out of range fails the options with an
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
        ConfigureFrom(services, Options.Options.DefaultName, configuration, configure);
        return AddDefault(services);
    }

    /// <summary>
    /// Registers a named client, for an app that holds more than one API key: create it with
    /// <see cref="IMarketDataClientFactory.CreateClient"/> or inject it as <c>[FromKeyedServices("name")] IMarketDataClient</c>.
    /// Its options, key and handlers are its own; the unnamed <see cref="IMarketDataClient"/> is not affected.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name (not empty: the empty name is the unnamed registration).</param>
    /// <param name="configure">Sets the options (at least <see cref="MarketDataClientOptions.ApiKey"/>).</param>
    /// <returns>The HTTP client builder of this client, to add handlers.</returns>
    public static IHttpClientBuilder AddMarketDataClient(this IServiceCollection services, string name, Action<MarketDataClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MarketDataClientOptions>(name).Configure(configure);
        return AddNamed(services, name);
    }

    /// <summary>
    /// Registers a named client (as <see cref="AddMarketDataClient(IServiceCollection, string, Action{MarketDataClientOptions})"/>)
    /// with options read from <paramref name="configuration"/>, by the rules of
    /// <see cref="AddMarketDataClient(IServiceCollection, IConfiguration, Action{MarketDataClientOptions}?)"/>: pass the
    /// client's own section, such as <c>configuration.GetSection("MarketDataEu")</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name (not empty).</param>
    /// <param name="configuration">The client's section.</param>
    /// <param name="configure">Further changes after binding, if any.</param>
    /// <returns>The HTTP client builder of this client, to add handlers.</returns>
    public static IHttpClientBuilder AddMarketDataClient(this IServiceCollection services, string name, IConfiguration configuration, Action<MarketDataClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configuration);
        ConfigureFrom(services, name, configuration, configure);
        return AddNamed(services, name);
    }

    /// <summary>The options validator, the per-container state and the metrics; shared by the client and stream registrations.</summary>
    internal static void AddCommon(IServiceCollection services, string name)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketDataClientOptions>, MarketDataClientOptionsValidator>());
        services.AddOptions<MarketDataClientOptions>(name).ValidateOnStart();
        services.TryAddSingleton(sp => MarketDataTelemetry.Create(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<MarketDataServices>();
    }

    private static void ConfigureFrom(IServiceCollection services, string name, IConfiguration configuration, Action<MarketDataClientOptions>? configure)
    {
        var section = configuration.GetSection(ConfigurationSectionName);
        var source = section.Exists() ? section : configuration;
        services.AddOptions<MarketDataClientOptions>(name).Configure(o =>
        {
            MarketDataConfigurationBinder.Bind(source, o, name);
            configure?.Invoke(o);
        });
    }

    private static IHttpClientBuilder AddDefault(IServiceCollection services)
    {
        var builder = services.AddHttpClient<IMarketDataClient, MarketDataClient>(
            (http, sp) => sp.GetRequiredService<MarketDataServices>().CreateClient(Options.Options.DefaultName, http));
        return AddCore(services, Options.Options.DefaultName, builder);
    }

    private static IHttpClientBuilder AddNamed(IServiceCollection services, string name)
    {
        var builder = AddCore(services, name, services.AddHttpClient("MarketData.Client:" + name));
        services.TryAddKeyedTransient<IMarketDataClient>(name, (sp, _) => sp.GetRequiredService<IMarketDataClientFactory>().CreateClient(name));
        return builder;
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name, IHttpClientBuilder builder)
    {
        AddCommon(services, name);
        services.TryAddSingleton<IMarketDataClientFactory>(sp => sp.GetRequiredService<MarketDataServices>());
        services.AddSingleton(new MarketDataClientRegistration(name, builder.Name));
        builder
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(MarketDataClient.CreateHandler);

        // After every configuration of the client (PostConfigure): sees the app's handlers, such as AddStandardResilienceHandler.
        services.PostConfigure<HttpClientFactoryOptions>(builder.Name, o => o.HttpMessageHandlerBuilderActions.Add(b =>
        {
            var sdk = b.Services.GetRequiredService<MarketDataServices>();
            sdk.Chain(name).Inspect(b, sdk.Options(name));
        }));

        // IHttpClientFactory logs request headers at Trace; whatever the app decides to redact, the key stays redacted.
        services.PostConfigure<HttpClientFactoryOptions>(builder.Name, o =>
        {
            var appRule = o.ShouldRedactHeaderValue;
            o.ShouldRedactHeaderValue = header =>
                string.Equals(header, MarketData.Client.Http.RestTransport.ApiKeyHeader, StringComparison.OrdinalIgnoreCase) || appRule(header);
        });
        return builder;
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
