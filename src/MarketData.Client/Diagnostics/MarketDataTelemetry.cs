using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MarketData.Client.Diagnostics;

/// <summary>
/// The SDK's OpenTelemetry sources: <c>ActivitySource("MarketData.Client")</c> and <c>Meter("MarketData.Client")</c>.
/// Instrument names follow the OpenTelemetry semantic conventions where they exist (<c>http.client.request.duration</c>).
/// </summary>
internal static class MarketDataTelemetry
{
    public const string Name = "MarketData.Client";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(MarketDataTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(MarketDataTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "marketdata.client.request.duration", unit: "s", description: "Duration of REST calls, retries and waits included.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "marketdata.client.retries", unit: "{retry}", description: "REST retries scheduled.");

    public static readonly Counter<long> RateLimitWaits = Meter.CreateCounter<long>(
        "marketdata.client.rate_limit.waits", unit: "{wait}", description: "Retry-After waits honoured on 3001.");

    public static readonly Counter<long> StreamMessages = Meter.CreateCounter<long>(
        "marketdata.client.stream.messages", unit: "{message}", description: "Stream messages received, per channel.");

    public static readonly Counter<long> StreamReconnects = Meter.CreateCounter<long>(
        "marketdata.client.stream.reconnects", unit: "{reconnect}", description: "Stream reconnect attempts.");

    public static readonly Counter<long> StreamDropped = Meter.CreateCounter<long>(
        "marketdata.client.stream.dropped", unit: "{message}", description: "Stream messages dropped by the backpressure policy, discarded while held during a resubscribe, or as malformed.");

    public static void RecordRetry(string path, MarketDataException? error)
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
