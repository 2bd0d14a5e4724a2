using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.Reflection;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// Listens, while it lives, to every telemetry channel the client side of a call can publish on, and keeps each as text to
/// search: the SDK's activities (<c>ActivitySource("MarketData.Client")</c>) and measurements (<c>Meter("MarketData.Client")</c>);
/// the runtime's <c>System.Net.Http</c> activities and every other <c>System.Net.*</c> / <c>Experimental.System.Net.*</c>
/// activity (name, tags, events, baggage; at start and at stop); the <c>HttpHandlerDiagnosticListener</c> events with every
/// public property of their payload (the request line, headers and options); and every event of the <c>System.Net.*</c>
/// event sources (name and payload). Server-side sources (ASP.NET Core, Kestrel) are left out: the loopback server
/// receives the key by design.
/// </summary>
/// <remarks>
/// A request in a payload is kept whole, <c>X-API-Key</c> header included: a runtime diagnostic that holds the request
/// holds the key, and must therefore not see the SDK's requests at all. <see cref="RequestsWithKeyHeader"/> counts them.
/// </remarks>
internal sealed class TelemetryCapture : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    public const string SdkSource = "MarketData.Client";
    public const string HttpSource = "System.Net.Http";
    public const string HttpDiagnostics = "HttpHandlerDiagnosticListener";
    private const string KeyHeader = "X-API-Key";

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new() { MeasurementsCompleted = (_, _) => { } }; // .NET 8: without MeasurementsCompleted, Dispose does not stop measurements (dotnet/runtime#102465).
    private readonly NetEventListener _events;
    private readonly IDisposable _allListeners;
    private readonly ConcurrentQueue<IDisposable> _subscriptions = new();
    private int _requestsWithKeyHeader;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SdkSource || IsNet(s.Name) || s.Name.StartsWith("Experimental.System.Net", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => QueueOf(a).Enqueue("activity-start " + Describe(a)),
            ActivityStopped = a => QueueOf(a).Enqueue("activity-stop " + Describe(a)),
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
        _events = new NetEventListener(this);
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Activities of the SDK's source: name, status, tags, event tags, baggage.</summary>
    public ConcurrentQueue<string> SdkActivities { get; } = new();

    /// <summary>Activities of the runtime's <c>System.Net.Http</c> source.</summary>
    public ConcurrentQueue<string> HttpActivities { get; } = new();

    /// <summary>Activities of the other <c>System.Net.*</c> and <c>Experimental.System.Net.*</c> sources (connections, DNS, sockets).</summary>
    public ConcurrentQueue<string> NetActivities { get; } = new();

    /// <summary>Measurements of the SDK's meter with their tags.</summary>
    public ConcurrentQueue<string> SdkMeasurements { get; } = new();

    /// <summary>Events of <c>HttpHandlerDiagnosticListener</c>: "diagnostic name: payload", then one line per payload property.</summary>
    public ConcurrentQueue<string> DiagnosticEvents { get; } = new();

    /// <summary>Events of the <c>System.Net.*</c> event sources: "event source/name: payload".</summary>
    public ConcurrentQueue<string> NetEvents { get; } = new();

    /// <summary>Requests seen in diagnostic payloads that carried the <c>X-API-Key</c> header.</summary>
    public int RequestsWithKeyHeader => Volatile.Read(ref _requestsWithKeyHeader);

    /// <summary>Everything captured, every channel.</summary>
    public IReadOnlyList<string> All => [.. SdkActivities, .. HttpActivities, .. NetActivities, .. SdkMeasurements, .. DiagnosticEvents, .. NetEvents];

    public void Dispose()
    {
        _allListeners.Dispose();
        while (_subscriptions.TryDequeue(out var subscription))
        {
            subscription.Dispose();
        }

        _meters.Dispose();
        _activities.Dispose();
        _events.Dispose();
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == HttpDiagnostics)
        {
            _subscriptions.Enqueue(value.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        DiagnosticEvents.Enqueue($"diagnostic {value.Key}: {value.Value}");
        foreach (var property in value.Value?.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance) ?? [])
        {
            DiagnosticEvents.Enqueue($"diagnostic {value.Key}.{property.Name}: {Describe(property.GetValue(value.Value))}");
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    private static bool IsNet(string source) => source.StartsWith("System.Net", StringComparison.Ordinal);

    private static string Describe(Activity a) =>
        $"{a.Source.Name} {a.OperationName} {a.DisplayName} {a.Status} {a.StatusDescription} {Tags(a.TagObjects)} "
        + string.Join(",", a.Events.Select(e => e.Name + ":" + Tags(e.Tags))) + " "
        + string.Join(",", a.Baggage.Select(b => b.Key + "=" + b.Value));

    private static string Tags(IEnumerable<KeyValuePair<string, object?>> tags) => string.Join(";", tags.Select(t => $"{t.Key}={t.Value}"));

    private ConcurrentQueue<string> QueueOf(Activity a) => a.Source.Name switch
    {
        SdkSource => SdkActivities,
        HttpSource => HttpActivities,
        _ => NetActivities,
    };

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
                var options = request.Options.Select(o => $"{o.Key}={o.Value}");
                return $"{request.Method} {request.RequestUri} HTTP/{request.Version} {{{string.Join("; ", headers)}}} [{string.Join(",", options)}]";
            case null:
                return "null";
            default:
                return value.ToString() ?? string.Empty;
        }
    }

    private sealed class NetEventListener : EventListener
    {
        private readonly ConcurrentQueue<EventSource> _early = new();
        private readonly TelemetryCapture? _owner;

        public NetEventListener(TelemetryCapture owner)
        {
            _owner = owner;

            // Sources that existed before this listener were announced from the base constructor, before the fields were set.
            while (_early.TryDequeue(out var source))
            {
                OnEventSourceCreated(source);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (_owner is null)
            {
                _early?.Enqueue(eventSource);
                return;
            }

            if (IsNet(eventSource.Name))
            {
                EnableEvents(eventSource, EventLevel.LogAlways, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) =>
            _owner?.NetEvents.Enqueue($"event {eventData.EventSource.Name}/{eventData.EventName}: {string.Join(" | ", eventData.Payload ?? (IEnumerable<object?>)[])}");
    }
}
