using System.Text;
using MarketData.Client.Models;
using MarketData.Client.Streaming;

namespace MarketData.Client.Tests.Streaming;

/// <summary>Edge cases of the frame decoder, on the bytes directly (the loopback tests cover the wire).</summary>
public sealed class StreamMessageDecoderTests
{
    private readonly StreamMessageDecoder _decoder = new();

    [TestCase("""{"cmd":"subscribe","code":0,"message":"success","data":{"channel":"ticker"}}""", null)]
    [TestCase("""{"cmd":"subscribe","code":"0","message":"success"}""", null)]
    [TestCase("""{"code":"2001","cmd":"subscribe","message":"bad"}""", "2001")]
    [TestCase("""{"cmd":"subscribe","code":" AMBIGUOUS_SYMBOL ","data":{"available_types":["stock"]}}""", "AMBIGUOUS_SYMBOL")]
    [TestCase("""{"cmd":"unsubscribe","code":4002}""", "4002")]
    public void Replies_carry_the_code_as_sent_and_null_for_success(string json, string? code)
    {
        var frame = Decode(json);

        frame.Kind.Should().Be(FrameKind.Reply);
        frame.Code.Should().Be(code);
        frame.ReplyTo.Should().NotBeNull();
    }

    [Test]
    public void An_error_reply_keeps_its_message_even_escaped_and_its_data()
    {
        var frame = Decode("""{"data":{"channel":"depth"},"message":"Depth \u0022unavailable\u0022","code":4003,"cmd":"subscribe"}""");

        frame.ReplyTo.Should().Be(CommandKind.Subscribe);
        frame.ServerMessage.Should().Be("Depth \"unavailable\"");
        frame.ErrorData!.Value.GetProperty("channel").GetString().Should().Be("depth");
    }

    [Test]
    public void A_pong_carries_the_server_time()
    {
        var frame = Decode("""{"cmd":"pong","code":0,"message":"pong","data":{"timestamp":1768976158541}}""");

        frame.ReplyTo.Should().Be(CommandKind.Ping);
        frame.ServerTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1768976158541));
    }

    [Test]
    public void Unknown_enum_values_stay_readable_and_numeric_sessions_map_to_their_names()
    {
        var ticker = (TickerUpdate)Decode("""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"1","timestamp":1703123456789,"trade_session":2,"type":"bonds"}}""").Message!;
        var trade = (TradeUpdate)Decode("""{"cmd":"trade","data":{"symbol":"X","price":"1","quantity":"2","side":"auction","timestamp":1703123456789,"position_effect":"swap"}}""").Message!;

        ticker.TradeSession.Should().Be(TradeSession.PostMarket);
        ticker.Type!.Value.Value.Should().Be("bonds");
        trade.Trades[0].Side.Value.Should().Be("auction");
        trade.Trades[0].PositionEffect!.Value.IsKnown.Should().BeFalse();
    }

    [TestCase("""{"cmd":"ticker","data":{"symbol":"A","last_price":"1","timestamp":1703123456789,"exchange":"x"}}""")]
    [TestCase("""{"cmd":"depth","data":{"symbol":"A","bids":[["1"]],"asks":[],"timestamp":1703123456789}}""")]
    [TestCase("""{"cmd":"depth","data":{"symbol":"A","bids":"none","timestamp":1703123456789}}""")]
    [TestCase("""{"cmd":"trade","data":{"symbol":"A","trades":[{"price":"1","timestamp":1703123456789}]}}""")]
    [TestCase("""{"cmd":"trade","data":{"symbol":"A","price":"1e999999","quantity":"1","timestamp":1703123456789}}""")]
    [TestCase("""{"cmd":"ticker","data":{"symbol":"A","last_price":"1","timestamp":99999999999999999999}}""")]
    [TestCase("""{"cmd":"ticker","data":{"symbol":{"nested":1},"last_price":"1","timestamp":1703123456789}}""")]
    [TestCase("""{"cmd":7}""")]
    [TestCase("")]
    [TestCase("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public void Bad_frames_are_reported_as_malformed_never_thrown(string json)
    {
        var frame = Decode(json);

        frame.Kind.Should().Be(FrameKind.Malformed);
        frame.Problem.Should().NotBeNullOrEmpty();
    }

    [Test]
    public void Depth_levels_may_be_numbers_or_objects_and_an_empty_trade_batch_is_valid()
    {
        var depth = (DepthUpdate)Decode("""{"cmd":"depth","data":{"symbol":"A","bids":[[1.5,2,"extra"]],"asks":[{"price":"3","quantity":"4"}],"timestamp":1703123456789}}""").Message!;
        var trades = (TradeUpdate)Decode("""{"cmd":"trade","data":{"symbol":"A","trades":[],"timestamp":1703123456789}}""").Message!;

        depth.Bids.Should().Equal(new PriceLevel(1.5m, 2m));
        depth.Asks.Should().Equal(new PriceLevel(3m, 4m));
        trades.Trades.Should().BeEmpty();
        trades.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1703123456789));
    }

    [TestCase("185.2300")]
    [TestCase("1.50")]
    [TestCase("0")]
    [TestCase("-0")]
    [TestCase("-0.00")]
    [TestCase("00012.3400")]
    [TestCase("9999999999999999999")]
    [TestCase("99999999999999999999")]
    [TestCase("123456789.1234567891")]
    [TestCase("0.0000000000000000000000000001")]
    [TestCase("-5.25")]
    [TestCase("1.5E+3")]
    [TestCase(" 7.1 ")]
    [TestCase("+3")]
    [TestCase(".5")]
    [TestCase("5.")]
    public void Prices_keep_the_value_and_scale_the_text_has_as_string_or_number(string text)
    {
        var expected = decimal.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

        var fromString = (TickerUpdate)Decode($$$"""{"cmd":"ticker","data":{"symbol":"A","last_price":"{{{text}}}","timestamp":1703123456789}}""").Message!;

        decimal.GetBits(fromString.LastPrice).Should().Equal(decimal.GetBits(expected), "{0} as a string", text);
        if (text.Trim() == text && !text.StartsWith('+') && !text.StartsWith('.') && !text.EndsWith('.') && !text.StartsWith("00", StringComparison.Ordinal))
        {
            var fromNumber = (TickerUpdate)Decode($$$"""{"cmd":"ticker","data":{"symbol":"A","last_price":{{{text}}},"timestamp":1703123456789}}""").Message!;
            decimal.GetBits(fromNumber.LastPrice).Should().Equal(decimal.GetBits(expected), "{0} as a JSON number", text);
        }
    }

    [TestCase("""{"cmd":"ticker","data":{"symbol":"A","last_price":"1","timestamp":1703123456789},"code":2001}""", "Reply")]
    [TestCase("""{"cmd":"ticker","data":{"symbol":"A","last_price":"1","timestamp":1703123456789},"cmd":"pong"}""", "Reply")]
    [TestCase("""{"cmd":"ticker","data":{"symbol":"A","last_price":"1","timestamp":1703123456789},"cmd":"news"}""", "Ignored")]
    [TestCase("""{"cmd":"ticker","data":{"symbol":"A","timestamp":1703123456789},"data":{"symbol":"B","last_price":"2","timestamp":1703123456789}}""", "Data")]
    [TestCase("""{"data":{"symbol":"B","last_price":"2","timestamp":1703123456789},"cmd":"ticker"}""", "Data")]
    public void Members_after_the_data_decide_what_the_frame_is(string json, string kind)
    {
        var frame = Decode(json);

        frame.Kind.ToString().Should().Be(kind);
        if (frame.Kind == FrameKind.Data)
        {
            var ticker = (TickerUpdate)frame.Message!;
            ticker.Symbol.Should().Be("B");
            ticker.LastPrice.Should().Be(2m);
        }
    }

    [Test]
    public void The_symbol_cache_interns_by_bytes_and_stays_bounded()
    {
        var cache = new SymbolCache();

        var first = cache.Get("700"u8);
        cache.Get("700"u8).Symbol.Should().BeSameAs(first.Symbol);
        for (var i = 0; i < SymbolCache.MaxEntries + 10; i++)
        {
            cache.Get(Encoding.UTF8.GetBytes("S" + i));
        }

        cache.Count.Should().BeLessThanOrEqualTo(SymbolCache.MaxEntries);
        cache.Get("S1"u8).Symbol.Should().Be("S1");
    }

    [Test]
    public void A_decoded_ticker_allocates_224_bytes_and_its_optional_fields_stay_nullable()
    {
        var full = Encoding.UTF8.GetBytes("""{"cmd":"ticker","data":{"symbol":"BTCUSDT","last_price":"1","bid_price":"2","ask_price":"3","spread":"4","volume_24h":"5","high_24h":"6","low_24h":"7","price_change_24h":"8","price_change_percent_24h":"9","exchange":10,"trade_session":"pre_market","timestamp":1703123456789}}""");
        _decoder.Decode(full);
        _decoder.Decode(full); // warm: the symbol's string is cached, as in a live session

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ticker = (TickerUpdate)_decoder.Decode(full).Message!;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThanOrEqualTo(224, "nine optional numbers are stored without Nullable<T> padding (296 bytes before)");
        new decimal?[] { ticker.BidPrice, ticker.AskPrice, ticker.Spread, ticker.Volume24h, ticker.High24h, ticker.Low24h, ticker.PriceChange24h, ticker.PriceChangePercent24h }
            .Should().Equal(2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m);
        ticker.Exchange.Should().Be(10);
        ticker.TradeSession.Should().Be(TradeSession.PreMarket);

        var bare = (TickerUpdate)Decode("""{"cmd":"ticker","data":{"symbol":"BTCUSDT","last_price":"1","timestamp":1703123456789}}""").Message!;
        bare.Should().BeEquivalentTo(new { BidPrice = (decimal?)null, Spread = (decimal?)null, Exchange = (int?)null, TradeSession = (TradeSession?)null });
        var cleared = ticker with
        {
            BidPrice = null, AskPrice = null, Spread = null, Volume24h = null, High24h = null, Low24h = null,
            PriceChange24h = null, PriceChangePercent24h = null, Exchange = null, TradeSession = null,
        };
        cleared.Should().Be(bare, "a field set to null equals a field never sent");
        (bare with { Exchange = 0 }).Should().NotBe(bare, "0 is a value, not null");
        bare.ToString().Should().Contain("BidPrice = ,").And.Contain("LastPrice = 1");
    }

    private DecodedFrame Decode(string json) => _decoder.Decode(Encoding.UTF8.GetBytes(json));
}
