using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MarketData.Client.Diagnostics;

/// <summary>
/// The SDK's OpenTelemetry sources: <c>ActivitySource("MarketData.Client")</c> and the instruments of
/// <c>Meter("MarketData.Client")</c>. Instrument names follow the OpenTelemetry semantic conventions where they exist
/// (<c>http.client.request.duration</c>). With dependency injection the meter comes from the container's
/// <see cref="IMeterFactory"/> (one instance per container, <see cref="Create"/>); without it, from the static
/// <see cref="Shared"/> meter.
/// </summary>
internal sealed class MarketDataTelemetry
{
    public const string Name = "MarketData.Client";

    private static readonly string? Version = typeof(MarketDataTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    /// <summary>The instruments of the static meter: clients and streams created without dependency injection.</summary>
    public static readonly MarketDataTelemetry Shared = new(new Meter(Name, Version));

    private MarketDataTelemetry(Meter meter)
    {
        Meter = meter;
        RequestDuration = meter.CreateHistogram<double>(
            "marketdata.client.request.duration", unit: "s", description: "Duration of REST calls, retries and waits included.");
        Retries = meter.CreateCounter<long>("marketdata.client.retries", unit: "{retry}", description: "REST retries scheduled.");
        RateLimitWaits = meter.CreateCounter<long>(
            "marketdata.client.rate_limit.waits", unit: "{wait}", description: "Retry-After waits honoured on 3001.");
        StreamMessages = meter.CreateCounter<long>(
            "marketdata.client.stream.messages", unit: "{message}", description: "Stream messages received, per channel.");
        StreamReconnects = meter.CreateCounter<long>(
            "marketdata.client.stream.reconnects", unit: "{reconnect}", description: "Stream reconnect attempts.");
        StreamDropped = meter.CreateCounter<long>(
            "marketdata.client.stream.dropped",
            unit: "{message}",
            description: "Stream messages dropped by the backpressure policy, discarded while held during a resubscribe, or as malformed.");
    }

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> Retries { get; }

    public Counter<long> RateLimitWaits { get; }

    public Counter<long> StreamMessages { get; }

    public Counter<long> StreamReconnects { get; }

    public Counter<long> StreamDropped { get; }

    /// <summary>The instruments of <paramref name="meterFactory"/>'s "MarketData.Client" meter, or <see cref="Shared"/> without a factory.</summary>
    /// <param name="meterFactory">The container's meter factory, if it has one.</param>
    /// <returns>The instruments; create one per container (the factory disposes the meter with the container).</returns>
    public static MarketDataTelemetry Create(IMeterFactory? meterFactory) =>
        meterFactory is null ? Shared : new(meterFactory.Create(new MeterOptions(Name) { Version = Version }));

    public void RecordRetry(string path, MarketDataException? error)
    {
        var tags = new TagList { { "url.path", path }, { "marketdata.error.code", error?.RawCode ?? string.Empty } };
        Retries.Add(1, tags);
        if (error is RateLimitExceededException { RetryAfter: not null })
        {
            RateLimitWaits.Add(1, tags);
        }

        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { { "marketdata.error.code", error?.RawCode ?? string.Empty } }));
    }
}
