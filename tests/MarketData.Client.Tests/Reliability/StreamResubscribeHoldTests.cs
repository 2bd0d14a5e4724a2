using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Streaming;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Pushes that arrive while a new connection waits for its resubscribe answer are held back: the hold is bounded by count
/// (BufferCapacity) and by bytes (4 × MaxMessageBytes), and every push it discards is counted and reported (issue 9, item 3).
/// </summary>
[Category("Load")]
[NonParallelizable]
public sealed class StreamResubscribeHoldTests
{
    private const int Flood = 300_000;
    private const int Capacity = 1_000;
    private const long MemoryBound = 8L * 1024 * 1024;

    /// <summary>Fixed length: the price has six decimals, so every frame counts the same bytes.</summary>
    private static string Tick(int i) =>
        $$$"""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"1.{{{i:D6}}}","timestamp":1703123456789}}""";

    [TestCase(true, TestName = "A flood during an unanswered resubscribe stays bounded and every discarded push is counted (ack arrives)")]
    [TestCase(false, TestName = "A flood during an unanswered resubscribe stays bounded and every discarded push is counted (ack times out)")]
    public async Task A_flood_during_an_unanswered_resubscribe_stays_bounded_and_every_discarded_push_is_counted(bool ackArrives)
    {
        await using var kit = await StreamTestKit.StartAsync(o =>
        {
            o.Streaming.BufferCapacity = Capacity;
            o.Streaming.AckTimeout = TimeSpan.FromSeconds(2);
        });
        var (second, resubscribe) = await kit.ReconnectWithResubscribeWithheldAsync();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        await second.FloodAsync(Tick, Flood);
        await kit.Stream.PingAsync().Within(); // the pong comes after the pushes: every push has been processed
        var growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        TestContext.Out.WriteLine($"{Flood:N0} pushes during the resubscribe: managed memory {growth / 1024.0 / 1024:0.00} MiB over the baseline");

        kit.Stream.ReceivedMessages.Should().Be(Flood);
        growth.Should().BeLessThan(MemoryBound, "at most BufferCapacity pushes are held, not all {0}", Flood);
        kit.Stream.BufferedMessages.Should().Be(0, "nothing is delivered before the resubscribe is answered");
        kit.Events.Errors.Should().BeEmpty("the loss is reported once, when the hold ends");

        if (ackArrives)
        {
            await second.AckAsync(resubscribe);
            await kit.Events.NextStateAsync(StreamState.Connected);
        }
        else
        {
            kit.Time.Advance(TimeSpan.FromSeconds(2));
            (await kit.Events.NextStateAsync(StreamState.Reconnecting)).Exception.Should().BeOfType<MarketDataTimeoutException>();
        }

        var delivered = await kit.Stream.ReadTickersAsync().TakeAsync(kit.Stream.BufferedMessages);
        var expectedDrops = ackArrives ? Flood - Capacity : Flood;
        delivered.Should().HaveCount(Flood - expectedDrops);
        if (ackArrives)
        {
            delivered[0].LastPrice.Should().Be(1m + ((Flood - Capacity + 1) / 1_000_000m), "the oldest held pushes are the ones discarded");
            delivered[^1].LastPrice.Should().Be(1m + (Flood / 1_000_000m));
        }

        kit.Stream.DroppedMessages.Should().Be(expectedDrops);
        kit.Stream.ReceivedMessages.Should().Be(delivered.Count + kit.Stream.DroppedMessages);
        var loss = kit.Events.Errors.Should().ContainSingle("one Error per loss episode, not one per push").Subject.Exception
            .Should().BeOfType<StreamMessagesDroppedException>().Subject;
        loss.DroppedCount.Should().Be(expectedDrops);
        loss.Reason.Should().Be(ackArrives ? "resubscribe_overflow" : "resubscribe_failed");
        loss.Code.Should().Be(ErrorCode.MessagesDropped);
        loss.Message.Should().Contain(expectedDrops.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task The_hold_is_also_bounded_by_bytes_four_times_MaxMessageBytes()
    {
        const int maxMessageBytes = 16 * 1024;
        const int pushes = 5_000;
        var reasons = new ConcurrentDictionary<string, long>();
        using var meter = DropReasons(reasons);
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.MaxMessageBytes = maxMessageBytes);
        var (second, resubscribe) = await kit.ReconnectWithResubscribeWithheldAsync();

        await second.FloodAsync(Tick, pushes);
        await kit.Stream.PingAsync().Within();
        await second.AckAsync(resubscribe);
        await kit.Events.NextStateAsync(StreamState.Connected);

        var fits = 4 * maxMessageBytes / System.Text.Encoding.UTF8.GetByteCount(Tick(1));
        var delivered = await kit.Stream.ReadTickersAsync().TakeAsync(kit.Stream.BufferedMessages);
        delivered.Should().HaveCount(fits, "BufferCapacity (10,000) is not the bound here: 64 KiB of frames is");
        kit.Stream.DroppedMessages.Should().Be(pushes - fits);
        kit.Stream.ReceivedMessages.Should().Be(delivered.Count + kit.Stream.DroppedMessages);
        kit.Events.Errors.Should().ContainSingle().Which.Exception.Should().BeOfType<StreamMessagesDroppedException>()
            .Which.DroppedCount.Should().Be(pushes - fits);
        reasons.Should().Equal(new Dictionary<string, long> { ["resubscribe_overflow"] = pushes - fits }, "the dropped metric counts each discard with its reason");
    }

    /// <summary>Sums the <c>marketdata.client.stream.dropped</c> metric per <c>marketdata.stream.drop_reason</c>.</summary>
    private static MeterListener DropReasons(ConcurrentDictionary<string, long> reasons)
    {
        var listener = new MeterListener
        {
            // .NET 8: without MeasurementsCompleted, Dispose does not stop measurements (dotnet/runtime#102465).
            MeasurementsCompleted = (_, _) => { },
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "MarketData.Client" && instrument.Name == "marketdata.client.stream.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "marketdata.stream.drop_reason")
                {
                    reasons.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
