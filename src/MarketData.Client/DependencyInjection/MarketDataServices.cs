using System.Collections.Concurrent;
using MarketData.Client;
using MarketData.Client.Diagnostics;
using MarketData.Client.Http;
using MarketData.Client.Streaming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What the SDK keeps per container: the options of each registration, validated (at host start, by the options
/// validator) and copied once with the host's logger factory and clock; the handler chain of each client; the
/// instruments of the container's meter. Creates the clients (<see cref="IMarketDataClientFactory"/>) and the streams.
/// </summary>
internal sealed class MarketDataServices : IMarketDataClientFactory
{
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<MarketDataClientOptions> _options;
    private readonly Dictionary<string, MarketDataClientRegistration> _registrations;
    private readonly ConcurrentDictionary<string, MarketDataClientOptions> _resolved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HandlerChain> _chains = new(StringComparer.Ordinal);

    public MarketDataServices(IServiceProvider services, IOptionsMonitor<MarketDataClientOptions> options, IEnumerable<MarketDataClientRegistration> registrations, MarketDataTelemetry telemetry)
    {
        _services = services;
        _options = options;
        _registrations = registrations.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        Telemetry = telemetry;
    }

    /// <summary>The instruments of the container's meter (its <c>IMeterFactory</c>), or the static ones.</summary>
    public MarketDataTelemetry Telemetry { get; }

    /// <inheritdoc />
    public IMarketDataClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_registrations.TryGetValue(name, out var registration))
        {
            throw new InvalidOperationException(
                $"No market-data client named '{name}' is registered; call services.AddMarketDataClient(\"{name}\", ...). Registered: {string.Join(", ", _registrations.Keys.Select(k => $"'{k}'"))}.");
        }

        return CreateClient(name, _services.GetRequiredService<IHttpClientFactory>().CreateClient(registration.HttpClientName));
    }

    /// <summary>A client of the registration <paramref name="name"/> over <paramref name="http"/> (from <see cref="IHttpClientFactory"/>).</summary>
    public MarketDataClient CreateClient(string name, HttpClient http) =>
        new(Options(name), http, ownsHttpClient: false, propagateTraceContext: Chain(name).PrimaryHasNoPropagator, Telemetry);

    /// <summary>A stream of the options <paramref name="name"/>.</summary>
    public MarketDataStream CreateStream(string name) => new(Options(name), buffer: null, connectionIndex: 0, Telemetry);

    /// <summary>A pool of the options <paramref name="name"/>.</summary>
    public MarketDataStreamPool CreatePool(string name) => new(Options(name), Telemetry);

    /// <summary>The handler chain of the registration <paramref name="name"/>.</summary>
    public HandlerChain Chain(string name) => _chains.GetOrAdd(name, static _ => new HandlerChain());

    /// <summary>The options <paramref name="name"/>: validated by the options validator, copied once, with the host's logger factory and clock unless they set their own.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public MarketDataClientOptions Options(string name) => _resolved.GetOrAdd(name, n =>
    {
        var options = _options.Get(n).Clone();
        options.LoggerFactory ??= _services.GetService<ILoggerFactory>();
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && _services.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        return options;
    });
}
