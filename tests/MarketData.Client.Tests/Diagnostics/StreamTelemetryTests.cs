using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarketData.Client.Streaming;
using MarketData.Client.Testing;

namespace MarketData.Client.Tests.Diagnostics;

[NonParallelizable]
public sealed class StreamTelemetryTests
{
    [Test]
    public async Task A_stream_connection_is_a_span_and_received_messages_are_counted_per_channel()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "MarketData.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        var channels = new ConcurrentQueue<string>();
        using var meterListener = new MeterListener
        {
            // .NET 8: without MeasurementsCompleted, Dispose does not stop measurements (dotnet/runtime#102465).
            MeasurementsCompleted = (_, _) => { },
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "MarketData.Client" && instrument.Name == "marketdata.client.stream.messages")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "marketdata.stream.channel")
                {
                    channels.Enqueue((string)tag.Value!);
                }
            }
        });
        meterListener.Start();

        await using var sim = await MarketDataSimulator.StartAsync(new MarketDataSimulatorOptions { PushInterval = Timeout.InfiniteTimeSpan });
        var stream = new MarketDataStream(sim.CreateClientOptions());
        await using (stream)
        {
            await stream.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).WaitAsync(TimeSpan.FromSeconds(10));
            await sim.PushAsync();
            await using var tickers = stream.ReadTickersAsync().GetAsyncEnumerator();
            (await tickers.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
            tickers.Current.Symbol.Should().Be("AAPL.US");
        }

        var span = stopped.Should().ContainSingle(a => a.OperationName == "marketdata.stream.connection").Subject;
        span.Kind.Should().Be(ActivityKind.Client);
        ((string)span.GetTagItem("url.full")!).Should().Contain("api_key=***").And.NotContain(sim.ApiKey);
        channels.Should().Contain("ticker");
    }
}
