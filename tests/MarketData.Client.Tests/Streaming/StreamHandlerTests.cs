using System.Collections.Concurrent;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Tests.Streaming;

/// <summary>
/// The callback API (issue 11, item 3): OnTicker/OnDepth/OnTrade run on the receive path, a channel with a handler bypasses
/// the buffer, a handler that throws is reported on Error and never stops the session.
/// </summary>
[Category("Streaming")]
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
            await server.SendAsync(Ticker("AAPL.US", i));
        }

        await kit.Stream.PingAsync().Within(); // the pong comes after the pushes: every push has been processed

        prices.Should().Equal(Enumerable.Range(0, 50).Select(i => (decimal)i));
        kit.Stream.BufferedMessages.Should().Be(0, "a channel with a handler does not go through the buffer");
        kit.Stream.HandledMessages.Should().Be(50);
        kit.Stream.ReceivedMessages.Should().Be(50);
        kit.Stream.DroppedMessages.Should().Be(0);
    }

    [Test]
    public async Task A_slow_handler_holds_up_the_socket_read_loses_nothing_and_is_not_mistaken_for_a_dead_server()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.AckTimeout = TimeSpan.FromMinutes(2));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var prices = new ConcurrentQueue<decimal>();
        using var registration = kit.Stream.OnTicker(t =>
        {
            prices.Enqueue(t.LastPrice);
            if (t.LastPrice == 1)
            {
                entered.TrySetResult();
                release.Wait(LoopbackServer.Patience); // the app's slow work, on the receive thread
            }
        });
        var server = await kit.ConnectAsync();

        await server.SendAsync(Ticker("AAPL.US", 1));
        await server.SendAsync(Ticker("AAPL.US", 2));
        var ping = kit.Stream.PingAsync();
        await entered.Task.Within();
        kit.Time.Advance(TimeSpan.FromSeconds(30)); // ten stale timeouts while the handler runs

        kit.Stream.State.Should().Be(StreamState.Connected);
        ping.IsCompleted.Should().BeFalse("the handler runs on the receive thread: the pong behind the pushes is not read yet");
        prices.Should().Equal(1m);

        release.Set();
        (await ping.Within()).RoundTripTime.Should().Be(TimeSpan.FromSeconds(30));
        prices.Should().Equal(1m, 2m);
        kit.Server.ConnectionCount.Should().Be(1);
    }

    [Test]
    public async Task A_handler_that_throws_is_reported_on_Error_once_per_throw_and_the_session_goes_on()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var thrown = new List<Exception>();
        var seenByOther = new List<decimal>();
        using var failing = kit.Stream.OnTicker(t =>
        {
            if (t.LastPrice % 2 == 1)
            {
                var ex = new InvalidOperationException($"boom {t.LastPrice}");
                thrown.Add(ex);
                throw ex;
            }
        });
        using var other = kit.Stream.OnTicker(t => seenByOther.Add(t.LastPrice));
        var server = await kit.ConnectAsync();

        for (var i = 1; i <= 4; i++)
        {
            await server.SendAsync(Ticker("AAPL.US", i));
        }

        await kit.Stream.PingAsync().Within();

        seenByOther.Should().Equal([1m, 2m, 3m, 4m], "a handler that throws stops neither the other handlers nor later pushes");
        kit.Stream.State.Should().Be(StreamState.Connected);
        kit.Server.ConnectionCount.Should().Be(1);
        kit.Events.Errors.Should().HaveCount(2, "one Error per throw");
        var errors = kit.Events.Errors.ToArray();
        for (var i = 0; i < 2; i++)
        {
            errors[i].Channel.Should().Be(StreamChannel.Ticker);
            errors[i].Symbols.Should().Equal("AAPL.US");
            var error = errors[i].Exception.Should().BeOfType<StreamHandlerException>().Subject;
            error.Code.Should().Be(ErrorCode.HandlerFailed);
            error.Channel.Should().Be(StreamChannel.Ticker);
            error.Symbol.Should().Be("AAPL.US");
            error.InnerException.Should().BeSameAs(thrown[i]);
            error.Message.Should().Contain("OnTicker").And.Contain($"boom {(i * 2) + 1}");
        }

        kit.Logs.Levels.Where(l => l.EventId == 2007).Should().HaveCount(2).And.OnlyContain(l => l.Level == LogLevel.Error, "the SDK swallowed them");
        kit.Logs.Levels.Should().NotContain(l => l.EventId == 2003, "one log line per throw");
        kit.Logs.Lines.Should().Contain(l => l.Contains("OnTicker handler threw", StringComparison.Ordinal) && l.Contains("boom 3", StringComparison.Ordinal));
    }

    [Test]
    public async Task Disposing_the_registration_stops_delivery_and_the_channel_goes_back_to_the_readers()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var prices = new List<decimal>();
        var registration = kit.Stream.OnTicker(t => prices.Add(t.LastPrice));
        var server = await kit.ConnectAsync();

        await server.SendAsync(Ticker("AAPL.US", 1));
        await server.SendAsync(Ticker("AAPL.US", 2));
        await kit.Stream.PingAsync().Within();
        registration.Dispose();
        registration.Dispose(); // harmless
        await server.SendAsync(Ticker("AAPL.US", 3));
        await server.SendAsync(Ticker("AAPL.US", 4));
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

        await server.SendAsync(Ticker("A", 1));
        await server.SendAsync("""{"cmd":"depth","data":{"symbol":"A","bids":[["1","1"]],"asks":[],"timestamp":1703123456789}}""");
        await server.SendAsync(Ticker("A", 2));
        await server.SendAsync("""{"cmd":"trade","data":{"symbol":"A","price":"1","quantity":"2","side":"buy","timestamp":1703123456789}}""");
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
            await second.SendAsync(Ticker("AAPL.US", i));
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
            await server.SendAsync(Ticker("AAPL.US", i));
        }

        await pool.Connections[0].PingAsync().Within();

        prices.Should().Equal(1m, 2m, 3m);
        pool.BufferedMessages.Should().Be(0);
        (await errors.NextErrorAsync()).Exception.Should().BeOfType<StreamHandlerException>()
            .Which.InnerException.Should().BeOfType<InvalidOperationException>();
    }

    private static string Ticker(string symbol, int price) =>
        $$$"""{"cmd":"ticker","data":{"symbol":"{{{symbol}}}","last_price":"{{{price}}}","timestamp":1703123456789}}""";
}
