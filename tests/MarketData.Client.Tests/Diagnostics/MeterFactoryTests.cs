using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketData.Client.Tests.Diagnostics;

/// <summary>
/// With dependency injection the SDK's instruments belong to the container's <see cref="IMeterFactory"/> (so an app's
/// meter pipeline and its tests scope them to that container); without it the static meter is used (TelemetryTests).
/// </summary>
public sealed class MeterFactoryTests : StubFixture
{
    private const string Path = "/v1/market/ticker";

    [Test]
    public async Task With_dependency_injection_REST_metrics_are_recorded_on_the_containers_meter()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        var services = new ServiceCollection().AddMetrics();
        services.AddMarketDataClient(o => (o.ApiKey, o.BaseAddress) = (SentinelKey.Value, Stub.BaseAddress));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var seen = new ConcurrentQueue<string>();
        using var listener = new MeterListener { MeasurementsCompleted = (_, _) => { } };
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelemetryCapture.SdkSource && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => seen.Enqueue(instrument.Name));
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => seen.Enqueue(instrument.Name));
        listener.Start();

        await provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);
        await provider.GetRequiredService<IMarketDataClientFactory>().CreateClient(string.Empty).GetTickersAsync(["AAPL.US"]);

        seen.Should().Equal("marketdata.client.request.duration", "marketdata.client.request.duration");
    }

    [Test]
    public async Task Two_containers_have_two_meters()
    {
        var first = new ServiceCollection().AddMetrics().AddMarketDataStream(o => o.ApiKey = SentinelKey.Value);
        var second = new ServiceCollection().AddMetrics().AddMarketDataStream(o => o.ApiKey = SentinelKey.Value);
        await using var a = first.BuildServiceProvider();
        await using var b = second.BuildServiceProvider();
        var meters = new ConcurrentQueue<Meter>();
        using var listener = new MeterListener { MeasurementsCompleted = (_, _) => { } };
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == TelemetryCapture.SdkSource && instrument.Name == "marketdata.client.stream.dropped"
                && (ReferenceEquals(instrument.Meter.Scope, a.GetRequiredService<IMeterFactory>()) || ReferenceEquals(instrument.Meter.Scope, b.GetRequiredService<IMeterFactory>())))
            {
                meters.Enqueue(instrument.Meter);
            }
        };
        listener.Start();

        a.GetRequiredService<IMarketDataStream>();
        b.GetRequiredService<IMarketDataStream>();

        meters.Should().HaveCount(2).And.OnlyHaveUniqueItems("each container's stream counts on its own container's meter");
    }
}
