using System.Text;
using MarketData.Client.Models;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Streaming;

/// <summary>Every push shape of STREAMING.md, pushed by a real server, decodes to the right record; bad frames never break the session.</summary>
public sealed class StreamMessageTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1703123456789);

    [Test]
    public async Task Ticker_pushes_of_every_market_decode_with_their_market_specific_fields()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "700.HK", "600519.SH", "EURUSD", "BTCUSDT"]).Within();

        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AAPL.US","type":"stock","last_price":"260.81","timestamp":1703123456789,"trade_session":"pre_market","exchange":1}}""");
        await server.SendAsync("""{"data":{"symbol":"700","last_price":"543.5","timestamp":1703123456789,"volume_24h":"12345678"},"cmd":"ticker"}""");
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"600519","last_price":1520.01,"timestamp":"1703123456789"}}""");
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"EURUSD","type":"forex","last_price":"1.08515","bid_price":"1.0851","ask_price":"1.0852","spread":"0.0001","timestamp":1703123456789,"unknown_field":{"nested":[1,2,3]}}}""");
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"BTCUSDT","type":"crypto","last_price":"43250.5","high_24h":"44000","low_24h":"42000.25","price_change_24h":"-120.5","price_change_percent_24h":"-0.28","volume_24h":"1234.567","timestamp":1703123456789}}""");

        var tickers = await kit.Stream.ReadTickersAsync().TakeAsync(5);

        tickers[0].Should().BeEquivalentTo(new TickerUpdate
        {
            Symbol = "AAPL.US", SubscribedSymbol = "AAPL.US", Type = SymbolType.Stock, LastPrice = 260.81m, Timestamp = T0,
            TradeSession = TradeSession.PreMarket, Exchange = 1,
        });
        tickers[1].Should().BeEquivalentTo(new TickerUpdate { Symbol = "700", SubscribedSymbol = "700.HK", LastPrice = 543.5m, Volume24h = 12345678m, Timestamp = T0 });
        tickers[2].Should().BeEquivalentTo(new TickerUpdate { Symbol = "600519", SubscribedSymbol = "600519.SH", LastPrice = 1520.01m, Timestamp = T0 });
        tickers[3].Should().BeEquivalentTo(new TickerUpdate
        {
            Symbol = "EURUSD", SubscribedSymbol = "EURUSD", Type = SymbolType.Forex, LastPrice = 1.08515m, BidPrice = 1.0851m, AskPrice = 1.0852m,
            Spread = 0.0001m, Timestamp = T0,
        });
        tickers[4].Should().BeEquivalentTo(new TickerUpdate
        {
            Symbol = "BTCUSDT", SubscribedSymbol = "BTCUSDT", Type = SymbolType.Crypto, LastPrice = 43250.5m, High24h = 44000m, Low24h = 42000.25m,
            PriceChange24h = -120.5m, PriceChangePercent24h = -0.28m, Volume24h = 1234.567m, Timestamp = T0,
        });
        tickers.Should().AllSatisfy(t => t.Channel.Should().Be(StreamChannel.Ticker));
        ReferenceEquals(tickers[1].Symbol, (await PushTwiceAsync(kit, server)).Symbol).Should().BeTrue("pushed symbols are interned, not allocated per message");
        kit.Stream.ReceivedMessages.Should().Be(6);
    }

    [Test]
    public async Task Depth_pushes_decode_to_price_levels_bids_descending_asks_ascending()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();

        await server.SendAsync("""{"cmd":"depth","data":{"symbol":"BTCUSDT","type":"crypto","bids":[["43250.50","0.125"],["43250.00","0.250"]],"asks":[["43251.00","0.180"],["43251.50","0.320"]],"timestamp":1703123456789}}""");
        await server.SendAsync("""{"cmd":"depth","data":{"symbol":"700.HK","bids":[],"asks":[["543.5","1000"]],"timestamp":1703123456789}}""");

        var depth = await kit.Stream.ReadDepthAsync().TakeAsync(2);

        depth[0].Symbol.Should().Be("BTCUSDT");
        depth[0].Type.Should().Be(SymbolType.Crypto);
        depth[0].Timestamp.Should().Be(T0);
        depth[0].Bids.Should().Equal(new PriceLevel(43250.50m, 0.125m), new PriceLevel(43250.00m, 0.250m));
        depth[0].Asks.Should().Equal(new PriceLevel(43251.00m, 0.180m), new PriceLevel(43251.50m, 0.320m));
        depth[1].Bids.Should().BeEmpty();
        depth[1].Asks.Should().Equal(new PriceLevel(543.5m, 1000m));
        depth[1].Channel.Should().Be(StreamChannel.Depth);
    }

    [Test]
    public async Task Trade_pushes_decode_in_both_wire_shapes()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();

        await server.SendAsync("""
            {"cmd":"trade","data":{"symbol":"700.HK","trades":[
              {"id":"t-1","price":"543.5","quantity":"200","side":"buy","timestamp":1703123456789},
              {"id":98765,"price":"543.0","quantity":"100","side":"neutral","timestamp":1703123456790}]}}
            """);
        await server.SendAsync("""{"cmd":"trade","data":{"symbol":"BU2609","type":"futures","price":"3550","quantity":"12","side":"sell","timestamp":1703123456789,"open_interest_change":-4,"position_effect":"long_close"}}""");
        await server.SendAsync("""{"cmd":"trade","data":{"symbol":"AP8888","type":"futures","price":"7800","quantity":"1","side":"buy","timestamp":1703123456789,"open_interest_change":null,"position_effect":"both_open"}}""");

        var trades = await kit.Stream.ReadTradesAsync().TakeAsync(3);

        trades[0].Symbol.Should().Be("700.HK");
        trades[0].Timestamp.Should().Be(T0.AddMilliseconds(1));
        trades[0].Trades.Should().BeEquivalentTo(new[]
        {
            new Trade { Id = "t-1", Price = 543.5m, Quantity = 200m, Side = TradeSide.Buy, Timestamp = T0 },
            new Trade { Id = "98765", Price = 543.0m, Quantity = 100m, Side = TradeSide.Neutral, Timestamp = T0.AddMilliseconds(1) },
        }, o => o.WithStrictOrdering());
        trades[1].Type.Should().Be(SymbolType.Futures);
        trades[1].Trades.Should().ContainSingle().Which.Should().BeEquivalentTo(new Trade
        {
            Price = 3550m, Quantity = 12m, Side = TradeSide.Sell, Timestamp = T0, OpenInterestChange = -4, PositionEffect = PositionEffect.LongClose,
        });
        trades[2].Trades[0].OpenInterestChange.Should().BeNull();
        trades[2].Trades[0].PositionEffect.Should().Be(PositionEffect.BothOpen);
    }

    [Test]
    public async Task Malformed_binary_unknown_and_fragmented_frames_and_a_1_MB_frame_never_break_the_session()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        var bigAsks = string.Join(",", Enumerable.Range(0, 20_000).Select(i => FormattableString.Invariant($"[\"{100 + (i / 100m)}\",\"{i}\"]")));
        var huge = PaddedTicker("HUGE", 1024 * 1024);
        var big = """{"cmd":"depth","data":{"symbol":"BIG","bids":[],"asks":[""" + bigAsks + """],"timestamp":1703123456789}}""";
        big.Length.Should().BeGreaterThan(300_000);
        huge.Length.Should().BeGreaterThan(1024 * 1024);

        await server.SendAsync("this is not json");
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AAPL.US","timestamp":1703123456789}}""");
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"abc","timestamp":1703123456789}}""");
        await server.SendAsync("""["cmd","ticker"]""");
        await server.SendAsync("{\"cmd\":\"ticker\",\"data\":{\"symbol\":\"AAPL.US\",\"last_price\":\"1");
        await server.SendBinaryAsync([1, 2, 3, 4]);
        await server.SendAsync("""{"cmd":"news","data":{"headline":"ignored"}}""");
        await server.SendAsync("""{"cmd":"ticker"}""");
        await server.SendFragmentedAsync("""{"cmd":"ticker","data":{"symbol":"FRAG","last_price":"12.5","timestamp":1703123456789}}""", parts: 7);
        await server.SendAsync(big);
        await server.SendAsync(huge);
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AFTER","last_price":"2","timestamp":1703123456789}}""");

        var messages = await kit.Stream.ReadAllAsync().TakeAsync(4);

        messages.Select(m => m.Symbol).Should().Equal("FRAG", "BIG", "HUGE", "AFTER");
        ((TickerUpdate)messages[0]).LastPrice.Should().Be(12.5m);
        ((DepthUpdate)messages[1]).Asks.Should().HaveCount(20_000).And.EndWith(new PriceLevel(299.99m, 19_999m));
        kit.Stream.MalformedMessages.Should().Be(7);
        kit.Stream.IgnoredMessages.Should().Be(1);
        kit.Events.Errors.Should().HaveCount(7).And.AllSatisfy(e =>
        {
            e.Exception.Should().BeOfType<MarketDataTransportException>();
            e.Exception.Code.Should().Be(ErrorCode.MalformedResponse);
        });
        kit.Events.Errors.First().Exception.As<MarketDataTransportException>().BodyExcerpt.Should().Be("this is not json");
        kit.Events.Errors.Should().Contain(e => e.Exception.Message.Contains("binary"));
        kit.Stream.State.Should().Be(StreamState.Connected);
        kit.Server.ConnectionCount.Should().Be(1);
    }

    [Test]
    public async Task A_frame_over_MaxMessageBytes_is_reported_and_the_connection_is_reset_and_restored()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.MaxMessageBytes = 64 * 1024);
        var server = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();

        // The client resets the connection half-way through this frame, so the server's send may fail.
        await server.SendAsync(PaddedTicker("AAPL.US", 100_000)).ContinueWith(_ => { }, TaskScheduler.Default);

        var error = await kit.Events.NextErrorAsync();
        error.Exception.Should().BeOfType<MarketDataTransportException>().Which.Message.Should().Contain("MaxMessageBytes");
        var reconnecting = await kit.SkipBackoffAsync();
        reconnecting.Exception.Should().BeSameAs(error.Exception);
        var second = await kit.Server.NextConnectionAsync();
        (await second.NextCommandAsync("subscribe")).Symbols.Should().Equal("AAPL.US");
        await kit.Events.NextStateAsync(StreamState.Connected);
        await second.SendAsync("""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"2","timestamp":1703123456789}}""");
        (await kit.Stream.ReadTickersAsync().TakeAsync(1))[0].LastPrice.Should().Be(2m);
    }

    private static string PaddedTicker(string symbol, int padding) =>
        "{\"cmd\":\"ticker\",\"data\":{\"symbol\":\"" + symbol + "\",\"last_price\":\"1\",\"timestamp\":1703123456789,\"padding\":\"" + new string('x', padding) + "\"}}";

    private static async Task<TickerUpdate> PushTwiceAsync(StreamTestKit kit, ServerConnection server)
    {
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"700","last_price":"544","timestamp":1703123456789}}""");
        return (await kit.Stream.ReadTickersAsync().TakeAsync(1))[0];
    }
}
