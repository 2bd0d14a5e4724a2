using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace MarketData.Client.Tests.Diagnostics;

/// <summary>
/// Everything the .NET runtime's own HTTP diagnostics hand to a subscriber on the client side, as text: the
/// <c>HttpHandlerDiagnosticListener</c> events (payload ToString and every public property of it), every activity of the
/// <c>System.Net.*</c> and <c>MarketData.Client</c> sources (name, tags, events, baggage), and every event of the
/// <c>System.Net.*</c> event sources (name and payload). Server-side sources (ASP.NET Core, Kestrel) are left out: the
/// loopback server receives the key by design.
/// </summary>
internal sealed class RuntimeDiagnosticsCapture : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly ConcurrentQueue<IDisposable> _subscriptions = new();
    private readonly ActivityListener _activities;
    private readonly NetEventListener _events;
    private readonly IDisposable _all;

    public RuntimeDiagnosticsCapture(Func<string, bool>? eventSources = null)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("System.Net", StringComparison.Ordinal) || s.Name.StartsWith("Experimental.System.Net", StringComparison.Ordinal) || s.Name == "MarketData.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => Record("activity-start", a),
            ActivityStopped = a => Record("activity-stop", a),
        };
        ActivitySource.AddActivityListener(_activities);
        _events = new NetEventListener(this, eventSources ?? (name => name.StartsWith("System.Net", StringComparison.Ordinal)));
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Everything captured so far.</summary>
    public IReadOnlyList<string> Seen => [.. _seen];

    public void Dispose()
    {
        _all.Dispose();
        while (_subscriptions.TryDequeue(out var subscription))
        {
            subscription.Dispose();
        }

        _activities.Dispose();
        _events.Dispose();
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            _subscriptions.Enqueue(value.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        Add($"diagnostic {value.Key}: {value.Value}");
        if (value.Value is { } payload)
        {
            foreach (var property in payload.GetType().GetProperties())
            {
                Add($"diagnostic {value.Key}.{property.Name}: {property.GetValue(payload)}");
                if (property.GetValue(payload) is HttpRequestMessage request)
                {
                    Add($"diagnostic request {request.RequestUri} {request.Headers} {string.Join(",", request.Options.Select(o => o.Key + "=" + o.Value))}");
                }
            }
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

    private void Record(string what, Activity activity) =>
        Add($"{what} {activity.Source.Name} {activity.OperationName} {activity.DisplayName} "
            + string.Join(",", activity.TagObjects.Select(t => t.Key + "=" + t.Value))
            + " " + string.Join(",", activity.Events.Select(e => e.Name + ":" + string.Join(",", e.Tags.Select(t => t.Key + "=" + t.Value))))
            + " " + string.Join(",", activity.Baggage.Select(b => b.Key + "=" + b.Value)));

    private void Add(string text) => _seen.Enqueue(text);

    private sealed class NetEventListener : EventListener
    {
        private readonly ConcurrentQueue<EventSource> _early = new();
        private RuntimeDiagnosticsCapture? _owner;
        private Func<string, bool>? _filter;

        public NetEventListener(RuntimeDiagnosticsCapture owner, Func<string, bool> filter)
        {
            _owner = owner;
            _filter = filter;

            // Sources that existed before this listener were announced from the base constructor, before the fields were set.
            while (_early.TryDequeue(out var source))
            {
                OnEventSourceCreated(source);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (_filter is null)
            {
                _early?.Enqueue(eventSource);
                return;
            }

            if (_filter(eventSource.Name))
            {
                EnableEvents(eventSource, EventLevel.LogAlways, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) =>
            _owner?.Add($"event {eventData.EventSource.Name}/{eventData.EventName}: {string.Join(" | ", eventData.Payload ?? (IEnumerable<object?>)[])}");
    }
}
