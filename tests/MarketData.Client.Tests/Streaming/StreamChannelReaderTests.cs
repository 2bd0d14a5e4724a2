using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MarketData.Client.Streaming;

namespace MarketData.Client.Tests.Streaming;

/// <summary>
/// Per-channel readers (issue 11, item 4): a typed read takes its own channel's pushes and leaves the others buffered for
/// their readers; a channel nobody reads keeps its newest pushes and counts the rest as dropped, never silently.
/// </summary>
public sealed class StreamChannelReaderTests
{
    [Test]
    public async Task Reading_only_tickers_while_depth_and_trades_are_subscribed_loses_nothing_silently()
    {
        using var dropped = new NoReaderDrops();
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.BufferCapacity = 3);
        var server = await kit.ConnectAsync();
        await using var tickers = kit.Stream.ReadTickersAsync().GetAsyncEnumerator();
        var firstTicker = tickers.MoveNextAsync(); // the ticker read is running before the pushes arrive

        for (var i = 0; i < 10; i++)
        {
            await server.SendAsync(Ticker(i));
            await server.SendAsync(Depth(i));
            await server.SendAsync(Trade(i));
        }

        var prices = new List<decimal>();
        (await firstTicker.AsTask().Within()).Should().BeTrue();
        prices.Add(tickers.Current.LastPrice);
        while (prices.Count < 10 && await tickers.MoveNextAsync().AsTask().Within())
        {
            prices.Add(tickers.Current.LastPrice);
        }

        await kit.Stream.PingAsync().Within(); // every push before the pong has been delivered or dropped

        prices.Should().Equal(Enumerable.Range(0, 10).Select(i => (decimal)i), "the ticker read gets every ticker, in order");
        kit.Stream.DroppedMessages.Should().Be(14, "7 depth and 7 trade pushes did not fit the unread channels' 3 slots");
        dropped.ByChannel.Should().BeEquivalentTo(new Dictionary<string, long> { ["depth"] = 7, ["trade"] = 7 });
        kit.Stream.BufferedMessages.Should().Be(6);

        await tickers.DisposeAsync(); // stop reading tickers; the other channels' newest pushes are still there
        (await kit.Stream.ReadDepthAsync().TakeAsync(3)).Select(d => d.Bids[0].Price).Should().Equal(7m, 8m, 9m);
        (await kit.Stream.ReadTradesAsync().TakeAsync(3)).Select(t => t.Trades[0].Price).Should().Equal(7m, 8m, 9m);
        (10 + 6 + kit.Stream.DroppedMessages).Should().Be(kit.Stream.ReceivedMessages, "every push is read or counted as dropped");
    }

    [Test]
    public async Task Typed_readers_of_two_channels_each_get_exactly_their_pushes_in_order()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        await using var tickers = kit.Stream.ReadTickersAsync().GetAsyncEnumerator();
        await using var depth = kit.Stream.ReadDepthAsync().GetAsyncEnumerator();
        var tickerRead = ReadAsync(tickers, 20, t => t.LastPrice);
        var depthRead = ReadAsync(depth, 20, d => d.Bids[0].Price);

        for (var i = 0; i < 20; i++)
        {
            await server.SendAsync(Ticker(i));
            await server.SendAsync(Depth(100 + i));
        }

        (await tickerRead.Within()).Should().Equal(Enumerable.Range(0, 20).Select(i => (decimal)i));
        (await depthRead.Within()).Should().Equal(Enumerable.Range(100, 20).Select(i => (decimal)i));
        kit.Stream.DroppedMessages.Should().Be(0);
        kit.Stream.BufferedMessages.Should().Be(0);
    }

    [Test]
    public async Task While_a_typed_read_takes_its_channel_ReadAllAsync_gets_the_other_channels_in_arrival_order()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        await using var tickers = kit.Stream.ReadTickersAsync().GetAsyncEnumerator();
        await using var all = kit.Stream.ReadAllAsync().GetAsyncEnumerator();
        var tickerRead = ReadAsync(tickers, 5, t => $"ticker {t.LastPrice}");
        var allRead = ReadAsync(all, 10, m => m is DepthUpdate d ? $"depth {d.Bids[0].Price}" : $"{m.Channel} {((TradeUpdate)m).Trades[0].Price}");

        for (var i = 0; i < 5; i++)
        {
            await server.SendAsync(Ticker(i));
            await server.SendAsync(Depth(i));
            await server.SendAsync(Trade(i));
        }

        (await tickerRead.Within()).Should().Equal(Enumerable.Range(0, 5).Select(i => $"ticker {i}"));
        (await allRead.Within()).Should().Equal(Enumerable.Range(0, 5).SelectMany(i => new[] { $"depth {i}", $"Trade {i}" }));
    }

    [Test]
    public async Task A_channel_read_by_nobody_waits_like_the_others_until_some_reader_runs()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.BufferCapacity = 2);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Stream.BackpressureApplied += () => blocked.TrySetResult();
        var server = await kit.ConnectAsync();
        for (var i = 0; i < 3; i++)
        {
            await server.SendAsync(Depth(i));
        }

        await server.SendAsync(Ticker(0));
        await blocked.Task.Within(); // the third depth finds the depth channel full and nobody reads anything yet: Wait applies backpressure
        kit.Stream.DroppedMessages.Should().Be(0);

        var ticker = await kit.Stream.ReadTickersAsync().FirstAsync().AsTask().Within(); // a reader runs: the unread depth channel stops holding the socket
        ticker.LastPrice.Should().Be(0);
        await kit.Stream.PingAsync().Within();
        kit.Stream.DroppedMessages.Should().Be(1, "the third depth push made room by pushing out the oldest once a reader of another channel ran");
        (await kit.Stream.ReadDepthAsync().TakeAsync(2)).Select(d => d.Bids[0].Price).Should().Equal(1m, 2m);
    }

    [Test]
    public async Task The_pools_ticker_read_leaves_the_depth_of_its_other_connection_readable_or_counted()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var options = kit.Options();
        options.Streaming.MaxConnections = 2;
        options.Streaming.MaxSubscriptionsPerConnection = 1;
        options.Streaming.BufferCapacity = 2;
        await using var pool = new MarketDataStreamPool(options);
        await pool.ConnectAsync().Within();
        await pool.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();
        await pool.SubscribeAsync(StreamChannel.Depth, ["AAPL.US"]).Within();
        var tickerServer = await kit.Server.NextConnectionAsync();
        var depthServer = await kit.Server.NextConnectionAsync();
        await using var tickers = pool.ReadTickersAsync().GetAsyncEnumerator();
        var tickerRead = ReadAsync(tickers, 5, t => t.LastPrice);

        for (var i = 0; i < 5; i++)
        {
            await depthServer.SendAsync(Depth(i));
            await tickerServer.SendAsync(Ticker(i));
        }

        (await tickerRead.Within()).Should().Equal(0m, 1m, 2m, 3m, 4m);
        await pool.Connections[1].PingAsync().Within(); // the depth connection has delivered or dropped every push

        pool.DroppedMessages.Should().Be(3, "the unread depth channel keeps its newest 2 pushes");
        await tickers.DisposeAsync();
        (await pool.ReadDepthAsync().TakeAsync(2)).Select(d => d.Bids[0].Price).Should().Equal(3m, 4m);
    }

    private static async Task<List<TValue>> ReadAsync<TMessage, TValue>(IAsyncEnumerator<TMessage> reader, int count, Func<TMessage, TValue> select)
    {
        var values = new List<TValue>();
        while (values.Count < count && await reader.MoveNextAsync())
        {
            values.Add(select(reader.Current));
        }

        return values;
    }

    private static string Ticker(int price) =>
        $$$"""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"{{{price}}}","timestamp":1703123456789}}""";

    private static string Depth(int price) =>
        $$$"""{"cmd":"depth","data":{"symbol":"AAPL.US","bids":[["{{{price}}}","1"]],"asks":[],"timestamp":1703123456789}}""";

    private static string Trade(int price) =>
        $$$"""{"cmd":"trade","data":{"symbol":"AAPL.US","trades":[{"price":"{{{price}}}","quantity":"1","side":"buy","timestamp":1703123456789}]}}""";

    /// <summary>Sums the <c>marketdata.client.stream.dropped</c> metric of reason <c>no_reader</c> per channel.</summary>
    private sealed class NoReaderDrops : IDisposable
    {
        private readonly MeterListener _listener = new() { MeasurementsCompleted = (_, _) => { } }; // .NET 8: see StreamBackpressureTests.DropCounter.
        private readonly ConcurrentDictionary<string, long> _byChannel = new();

        public NoReaderDrops()
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
                string? channel = null;
                var noReader = false;
                foreach (var tag in tags)
                {
                    channel = tag.Key == "marketdata.stream.channel" ? tag.Value as string : channel;
                    noReader |= tag.Key == "marketdata.stream.drop_reason" && Equals(tag.Value, "no_reader");
                }

                if (noReader && channel is not null)
                {
                    _byChannel.AddOrUpdate(channel, value, (_, sum) => sum + value);
                }
            });
            _listener.Start();
        }

        public IReadOnlyDictionary<string, long> ByChannel => new Dictionary<string, long>(_byChannel);

        public void Dispose() => _listener.Dispose();
    }
}
