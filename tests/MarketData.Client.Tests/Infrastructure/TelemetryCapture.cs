using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// Listens, while it lives, to every telemetry channel a REST call can publish on, and keeps each as strings to search:
/// the SDK's activities (<c>ActivitySource("MarketData.Client")</c>, tags and event tags) and measurements
/// (<c>Meter("MarketData.Client")</c>, tags), the runtime's <c>System.Net.Http</c> activities, and the
/// <c>HttpHandlerDiagnosticListener</c> events with their payloads (request line, headers, response, exception).
/// </summary>
/// <remarks>
/// A request in a payload is kept whole, <c>X-API-Key</c> header included: a runtime diagnostic that holds the request
/// holds the key, and must therefore not see the SDK's requests at all. <see cref="RequestsWithKeyHeader"/> counts them.
/// </remarks>
internal sealed class TelemetryCapture : IDisposable, IObserver<DiagnosticListener>
{
    public const string SdkSource = "MarketData.Client";
    public const string HttpSource = "System.Net.Http";
    public const string HttpDiagnostics = "HttpHandlerDiagnosticListener";
    private const string KeyHeader = "X-API-Key";

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new() { MeasurementsCompleted = (_, _) => { } }; // .NET 8: without MeasurementsCompleted, Dispose does not stop measurements (dotnet/runtime#102465).
    private readonly IDisposable _allListeners;
    private readonly ConcurrentQueue<IDisposable> _subscriptions = new();
    private int _requestsWithKeyHeader;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name is SdkSource or HttpSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => (a.Source.Name == SdkSource ? SdkActivities : HttpActivities).Enqueue(Describe(a)),
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SdkSource)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => SdkMeasurements.Enqueue($"{i.Name}={v} {Tags(tags.ToArray())}"));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => SdkMeasurements.Enqueue($"{i.Name}={v} {Tags(tags.ToArray())}"));
        _meters.Start();
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Stopped activities of the SDK's source: name, status, tags, event tags.</summary>
    public ConcurrentQueue<string> SdkActivities { get; } = new();

    /// <summary>Stopped activities of the runtime's <c>System.Net.Http</c> source.</summary>
    public ConcurrentQueue<string> HttpActivities { get; } = new();

    /// <summary>Measurements of the SDK's meter with their tags.</summary>
    public ConcurrentQueue<string> SdkMeasurements { get; } = new();

    /// <summary>Events of <c>HttpHandlerDiagnosticListener</c>: name and payload.</summary>
    public ConcurrentQueue<string> DiagnosticEvents { get; } = new();

    /// <summary>Requests seen in diagnostic payloads that carried the <c>X-API-Key</c> header.</summary>
    public int RequestsWithKeyHeader => Volatile.Read(ref _requestsWithKeyHeader);

    /// <summary>Everything captured, every channel.</summary>
    public IEnumerable<string> All => SdkActivities.Concat(HttpActivities).Concat(SdkMeasurements).Concat(DiagnosticEvents);

    public void Dispose()
    {
        _allListeners.Dispose();
        while (_subscriptions.TryDequeue(out var subscription))
        {
            subscription.Dispose();
        }

        _meters.Dispose();
        _activities.Dispose();
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == HttpDiagnostics)
        {
            _subscriptions.Enqueue(value.Subscribe(new EventObserver(this)));
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    private static string Describe(Activity a) =>
        $"{a.Source.Name} {a.OperationName} {a.DisplayName} {a.Status} {a.StatusDescription} {Tags(a.TagObjects)} {Tags(a.Events.SelectMany(e => e.Tags))}";

    private static string Tags(IEnumerable<KeyValuePair<string, object?>> tags) => string.Join(";", tags.Select(t => $"{t.Key}={t.Value}"));

    private void OnEvent(KeyValuePair<string, object?> e)
    {
        var payload = e.Value is null
            ? string.Empty
            : string.Join(" ", e.Value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{p.Name}={Describe(p.GetValue(e.Value))}"));
        DiagnosticEvents.Enqueue($"{e.Key} {payload}");
    }

    private string Describe(object? value)
    {
        switch (value)
        {
            case HttpRequestMessage request:
                if (request.Headers.Contains(KeyHeader))
                {
                    Interlocked.Increment(ref _requestsWithKeyHeader);
                }

                var headers = request.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}");
                return $"{request.Method} {request.RequestUri} HTTP/{request.Version} {{{string.Join("; ", headers)}}}";
            case null:
                return "null";
            default:
                return value.ToString() ?? string.Empty;
        }
    }

    private sealed class EventObserver(TelemetryCapture owner) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value) => owner.OnEvent(value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
