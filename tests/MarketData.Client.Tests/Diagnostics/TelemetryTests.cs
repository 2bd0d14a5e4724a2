using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MarketData.Client.Tests.Diagnostics;

[NonParallelizable]
public sealed class TelemetryTests
{
    private const string TickerBody = """{"code":0,"message":"success","data":[{"symbol":"AAPL.US","last_price":"1","timestamp":1773259201000}]}""";

    [Test]
    public async Task A_retried_call_emits_an_internal_span_with_a_retry_event_and_metrics()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/v1/market/ticker").UsingGet()).InScenario("s").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("""{"code":5001,"message":"down"}"""));
        server.Given(Request.Create().WithPath("/v1/market/ticker").UsingGet()).InScenario("s").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(TickerBody));

        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "MarketData.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);

        var measurements = new ConcurrentQueue<(string Name, double Value)>();
        using var meterListener = new MeterListener
        {
            // .NET 8: without MeasurementsCompleted, Dispose does not stop measurements (dotnet/runtime#102465).
            MeasurementsCompleted = (_, _) => { },
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "MarketData.Client")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        meterListener.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        meterListener.Start();

        using var client = new MarketDataClient(new MarketDataClientOptions
        {
            ApiKey = "telemetry-key",
            BaseAddress = new Uri(server.Url!),
            Resilience = { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), UseJitter = false },
        });

        await client.GetTickersAsync(["AAPL.US"]).WaitAsync(TimeSpan.FromSeconds(10));

        var span = activities.Should().ContainSingle(a => a.Source.Name == "MarketData.Client").Subject;
        span.Kind.Should().Be(ActivityKind.Internal, "HttpClient's own span (when there is one) is the CLIENT span; the SDK's call with its retries wraps it");
        span.GetTagItem("http.request.method").Should().Be("GET");
        span.GetTagItem("url.path").Should().Be("/v1/market/ticker");
        span.Events.Should().ContainSingle(e => e.Name == "retry");
        measurements.Should().Contain(m => m.Name == "marketdata.client.request.duration");
        measurements.Should().ContainSingle(m => m.Name == "marketdata.client.retries").Which.Value.Should().Be(1);
        server.LogEntries.Should().HaveCount(2);
    }
}
