using System.Collections.Concurrent;
using MarketData.Client.Streaming;
using static MarketData.Client.Tests.Reliability.StreamFrames;

namespace MarketData.Client.Tests.Streaming;

/// <summary>
/// The callback API (issue 11, item 3): OnTicker/OnDepth/OnTrade run on the receive path, a channel with a handler bypasses
/// the buffer and goes back to it when its last handler is removed; the fault cases are in Reliability/StreamHandlerChaosTests.
/// </summary>
public sealed class StreamHandlerTests
{
    [Test]
    public async Task A_ticker_handler_receives_every_ticker_in_order_with_no_reader_and_nothing_buffered()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var prices = new List<decimal>();
        using var registration = kit.Stream.OnTicker(t => prices.Add(t.LastPrice));
        var server = await kit.ConnectAsync();

        for (var i = 0; i < 50; i++)
        {
            await server.SendAsync(Ticker("AAPL.US", i, T0));
        }

        await kit.Stream.PingAsync().Within(); // the pong comes after the pushes: every push has been processed

        prices.Should().Equal(Enumerable.Range(0, 50).Select(i => (decimal)i));
        kit.Stream.BufferedMessages.Should().Be(0, "a channel with a handler does not go through the buffer");
        kit.Stream.HandledMessages.Should().Be(50);
        kit.Stream.ReceivedMessages.Should().Be(50);
        kit.Stream.DroppedMessages.Should().Be(0);
    }

    [Test]
    public async Task Disposing_the_registration_stops_delivery_and_the_channel_goes_back_to_the_readers()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var prices = new List<decimal>();
        var registration = kit.Stream.OnTicker(t => prices.Add(t.LastPrice));
        var server = await kit.ConnectAsync();

        await server.SendAsync(Ticker("AAPL.US", 1, T0));
        await server.SendAsync(Ticker("AAPL.US", 2, T0));
        await kit.Stream.PingAsync().Within();
        registration.Dispose();
        registration.Dispose(); // harmless
        await server.SendAsync(Ticker("AAPL.US", 3, T0));
        await server.SendAsync(Ticker("AAPL.US", 4, T0));
        await kit.Stream.PingAsync().Within();

        prices.Should().Equal(1m, 2m);
        kit.Stream.BufferedMessages.Should().Be(2);
        (await kit.Stream.ReadTickersAsync().TakeAsync(2)).Select(t => t.LastPrice).Should().Equal(3m, 4m);
        kit.Stream.HandledMessages.Should().Be(2);
    }

    [Test]
    public async Task A_channel_with_a_handler_bypasses_an_active_reader_which_still_gets_the_other_channels()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var handled = new ConcurrentQueue<string>();
        using var registration = kit.Stream.OnTicker(t => handled.Enqueue($"{t.Symbol}{t.LastPrice}"));
        var server = await kit.ConnectAsync();
        var reader = kit.Stream.ReadAllAsync().TakeAsync(2);

        await server.SendAsync(Ticker("A", 1, T0));
        await server.SendAsync(Depth("A", T0));
        await server.SendAsync(Ticker("A", 2, T0));
        await server.SendAsync(Trade("A", T0));
        var read = await reader.Within();
        await kit.Stream.PingAsync().Within();

        read.Select(m => m.Channel).Should().Equal(StreamChannel.Depth, StreamChannel.Trade);
        handled.Should().Equal("A1", "A2");
        kit.Stream.ReceivedMessages.Should().Be(4);
        kit.Stream.HandledMessages.Should().Be(2);
        kit.Stream.BufferedMessages.Should().Be(0);
    }

    [Test]
    public async Task Pushes_held_during_a_resubscribe_reach_the_handler_in_order_once_it_is_answered()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var prices = new ConcurrentQueue<decimal>();
        using var registration = kit.Stream.OnTicker(t => prices.Enqueue(t.LastPrice));
        var (second, resubscribe) = await kit.ReconnectWithResubscribeWithheldAsync();

        for (var i = 1; i <= 5; i++)
        {
            await second.SendAsync(Ticker("AAPL.US", i, T0));
        }

        await kit.Stream.PingAsync().Within();
        prices.Should().BeEmpty("the app sees no data before its subscriptions are restored");

        await second.AckAsync(resubscribe);
        await kit.Events.NextStateAsync(StreamState.Connected);

        prices.Should().Equal(1m, 2m, 3m, 4m, 5m);
        kit.Stream.DroppedMessages.Should().Be(0);
        kit.Stream.BufferedMessages.Should().Be(0);
    }

    [Test]
    public async Task A_pool_handler_receives_the_pushes_of_its_connections_and_its_errors_reach_the_pool()
    {
        await using var kit = await StreamTestKit.StartAsync();
        await using var pool = new MarketDataStreamPool(kit.Options());
        var errors = new StreamRecorder(pool);
        var prices = new ConcurrentQueue<decimal>();
        using var registration = pool.OnTicker(t =>
        {
            prices.Enqueue(t.LastPrice);
            if (t.LastPrice == 2)
            {
                throw new InvalidOperationException("boom");
            }
        });
        await pool.ConnectAsync().Within();
        var server = await kit.Server.NextConnectionAsync();

        for (var i = 1; i <= 3; i++)
        {
            await server.SendAsync(Ticker("AAPL.US", i, T0));
        }

        await pool.Connections[0].PingAsync().Within();

        prices.Should().Equal(1m, 2m, 3m);
        pool.BufferedMessages.Should().Be(0);
        (await errors.NextErrorAsync()).Exception.Should().BeOfType<StreamHandlerException>()
            .Which.InnerException.Should().BeOfType<InvalidOperationException>();
    }
}
