using System.Diagnostics.Metrics;
using MarketData.Client.Streaming;

namespace MarketData.Client.Tests.Streaming;

/// <summary>A slow consumer and a small buffer: bounded memory, the documented policy, every drop counted.</summary>
public sealed class StreamBackpressureTests
{
    [Test]
    public async Task Wait_policy_stops_reading_the_socket_loses_nothing_and_a_slow_app_is_not_mistaken_for_a_dead_server()
    {
        await using var kit = await StreamTestKit.StartAsync(o =>
        {
            o.Streaming.BufferCapacity = 4;
            o.Streaming.AckTimeout = TimeSpan.FromMinutes(2);
        });
        var blocked = Signal(kit.Stream);
        var server = await kit.ConnectAsync();

        for (var i = 0; i < 50; i++)
        {
            await server.SendAsync(Ticker("AAPL.US", i));
        }

        var ping = kit.Stream.PingAsync();
        await blocked.Task.Within();
        kit.Stream.BufferedMessages.Should().Be(4);
        kit.Time.Advance(TimeSpan.FromSeconds(30)); // ten stale timeouts while the app does not read
        kit.Stream.State.Should().Be(StreamState.Connected);
        ping.IsCompleted.Should().BeFalse("the pong is behind the unread pushes");

        var prices = new List<decimal>();
        await foreach (var ticker in kit.Stream.ReadTickersAsync())
        {
            kit.Stream.BufferedMessages.Should().BeLessThanOrEqualTo(4);
            prices.Add(ticker.LastPrice);
            if (prices.Count == 50)
            {
                break;
            }
        }

        prices.Should().Equal(Enumerable.Range(0, 50).Select(i => (decimal)i));
        (await ping.Within()).RoundTripTime.Should().Be(TimeSpan.FromSeconds(30));
        kit.Stream.DroppedMessages.Should().Be(0);
        kit.Server.ConnectionCount.Should().Be(1);
    }

    [Test]
    public async Task DropOldestTicker_replaces_buffered_tickers_counts_every_drop_and_never_drops_depth()
    {
        using var metric = new DropCounter("backpressure");
        await using var kit = await StreamTestKit.StartAsync(o =>
        {
            o.Streaming.BufferCapacity = 2;
            o.Streaming.BackpressureMode = StreamBackpressureMode.DropOldestTicker;
        });
        var blocked = Signal(kit.Stream);
        var server = await kit.ConnectAsync();

        await server.SendAsync(Ticker("A", 1));
        await server.SendAsync(Ticker("B", 1));
        await server.SendAsync(Ticker("A", 2)); // replaces A1
        await server.SendAsync(Ticker("B", 2)); // replaces B1
        await server.SendAsync(Ticker("A", 3)); // replaces A2
        await server.SendAsync(Ticker("C", 1)); // no C buffered: replaces the oldest ticker (A3)
        await kit.Stream.PingAsync().Within(); // never blocked: tickers are conflated, not waited for

        kit.Stream.DroppedMessages.Should().Be(4);
        metric.Count.Should().Be(4);
        kit.Stream.BufferedMessages.Should().Be(2);

        foreach (var symbol in new[] { "A", "B", "C" }) // each channel has BufferCapacity slots: the third depth finds none
        {
            await server.SendAsync($$$"""{"cmd":"depth","data":{"symbol":"{{{symbol}}}","bids":[["1","1"]],"asks":[],"timestamp":1703123456789}}""");
        }

        await blocked.Task.Within(); // depth is never dropped: the receive loop waits for room

        var messages = await kit.Stream.ReadAllAsync().TakeAsync(3);
        messages.Select(m => m is TickerUpdate t ? $"{t.Symbol}{t.LastPrice}" : $"depth {m.Symbol}").Should().Equal("C1", "B2", "depth A");
        kit.Stream.DroppedMessages.Should().Be(4);
    }

    [Test]
    public async Task A_push_waiting_for_room_when_the_connection_ends_is_counted_as_dropped()
    {
        using var metric = new DropCounter("connection_lost");
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.BufferCapacity = 4);
        var blocked = Signal(kit.Stream);
        var server = await kit.ConnectAsync();
        for (var i = 0; i < 10; i++)
        {
            await server.SendAsync(Ticker("AAPL.US", i));
        }

        await blocked.Task.Within(); // four buffered, the fifth decoded and waiting for room

        await kit.Stream.DisposeAsync().AsTask().Within();

        kit.Stream.ReceivedMessages.Should().Be(5);
        kit.Stream.DroppedMessages.Should().Be(1, "the push that waited for room when the connection ended is lost");
        metric.Count.Should().Be(1);
        var read = await kit.Stream.ReadAllAsync().CountAsync();
        (read + kit.Stream.DroppedMessages).Should().Be(kit.Stream.ReceivedMessages, "every received push is read or counted");
    }

    /// <summary>Sums the <c>marketdata.client.stream.dropped</c> metric for one drop reason.</summary>
    private sealed class DropCounter : IDisposable
    {
        private readonly MeterListener _listener = new() { MeasurementsCompleted = (_, _) => { } }; // .NET 8: without MeasurementsCompleted, Dispose does not stop measurements (dotnet/runtime#102465).
        private long _count;

        public DropCounter(string reason)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "MarketData.Client" && instrument.Name == "marketdata.client.stream.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "marketdata.stream.drop_reason" && Equals(tag.Value, reason))
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    private static string Ticker(string symbol, int price) =>
        $$$"""{"cmd":"ticker","data":{"symbol":"{{{symbol}}}","last_price":"{{{price}}}","timestamp":1703123456789}}""";

    private static TaskCompletionSource Signal(MarketDataStream stream)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.BackpressureApplied += () => signal.TrySetResult();
        return signal;
    }
}
