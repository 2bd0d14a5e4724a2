using MarketData.Client.Models;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Streaming;

/// <summary>WebSocket error codes: on the pending call they answer, or on the error event when they answer none.</summary>
public sealed class StreamErrorTests
{
    private static readonly object[] RefusalCases =
    [
        new object[] { "3004", typeof(SubscriptionLimitExceededException) },
        new object[] { "4003", typeof(DepthSubscriptionUnavailableException) },
        new object[] { "4004", typeof(TradeSubscriptionUnavailableException) },
        new object[] { "4001", typeof(UnknownCommandException) },
        new object[] { "4002", typeof(InvalidMessageFormatException) },
        new object[] { "4005", typeof(StreamingException) },
        new object[] { "2002", typeof(SymbolNotFoundException) },
        new object[] { "2003", typeof(InvalidTimeRangeException) },
        new object[] { "2006", typeof(InvalidRequestException) },
        new object[] { "5001", typeof(DataSourceUnavailableException) },
        new object[] { "4999", typeof(StreamingException) },
    ];

    [TestCaseSource(nameof(RefusalCases))]
    public async Task A_refused_subscribe_throws_the_typed_exception_and_leaves_no_subscription(string code, Type expected)
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnCommand = async (connection, command) =>
        {
            if (command.Cmd != "subscribe")
            {
                return false;
            }

            await connection.RefuseAsync(command, code, """{"channel":"depth","suggestion":"Use HTTP API /v1/market/depth"}""");
            return true;
        };
        await kit.ConnectAsync();

        var thrown = await kit.Stream.Invoking(s => s.SubscribeAsync(StreamChannel.Depth, ["AAPL.US"]).Within()).Should().ThrowAsync<MarketDataException>();

        thrown.Which.Should().BeOfType(expected);
        thrown.Which.RawCode.Should().Be(code);
        thrown.Which.RequestPath.Should().Be("subscribe depth");
        thrown.Which.ServerMessage.Should().Be("refused by the test server");
        kit.Stream.Subscriptions.Should().BeEmpty();
        kit.Events.Errors.Should().BeEmpty("a refusal that answers a call goes to that call only");
        kit.Stream.State.Should().Be(StreamState.Connected);
    }

    [Test]
    public async Task An_ambiguous_symbol_says_which_types_to_choose_from()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnCommand = async (connection, command) =>
        {
            if (command.Type is not null)
            {
                return false;
            }

            await connection.RefuseAsync(command, "AMBIGUOUS_SYMBOL", """{"available_types":["stock","indices"]}""");
            return true;
        };
        await kit.ConnectAsync();

        var thrown = await kit.Stream.Invoking(s => s.SubscribeAsync(StreamChannel.Ticker, ["SPX"]).Within()).Should().ThrowAsync<AmbiguousSymbolException>();
        thrown.Which.AvailableTypes.Should().Equal(SymbolType.Stock, SymbolType.Indices);

        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["SPX"], SymbolType.Indices).Within();
        kit.Server.Commands.Last().Type.Should().Be("indices");
        kit.Stream.Subscriptions.Should().ContainSingle().Which.Should().Be(
            new StreamSubscription(StreamChannel.Ticker, "SPX", SymbolType.Indices, StreamSubscriptionStatus.Active, null));
    }

    [Test]
    public async Task A_partial_5004_says_which_symbols_were_subscribed_failed_and_retryable()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnCommand = async (connection, command) =>
        {
            if (command.Cmd != "subscribe")
            {
                return false;
            }

            await connection.RefuseAsync(command, "5004",
                """{"channel":"ticker","symbols":["AAPL.US"],"failed_symbols":["TSLA.US","NVDA.US"],"retryable_symbols":["TSLA.US"],"retryable":true}""");
            return true;
        };
        await kit.ConnectAsync();

        var thrown = await kit.Stream.Invoking(s => s.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "TSLA.US", "NVDA.US"]).Within())
            .Should().ThrowAsync<RealtimeDataUnavailableException>();

        thrown.Which.SubscribedSymbols.Should().Equal("AAPL.US");
        thrown.Which.FailedSymbols.Should().Equal("TSLA.US", "NVDA.US");
        thrown.Which.RetryableSymbols.Should().Equal("TSLA.US");
        thrown.Which.Retryable.Should().BeTrue();
        thrown.Which.IsTransient.Should().BeTrue();
        kit.Stream.Subscriptions.Should().ContainSingle().Which.Should().Be(
            new StreamSubscription(StreamChannel.Ticker, "AAPL.US", null, StreamSubscriptionStatus.Active, null));
    }

    [Test]
    public async Task Each_answer_goes_to_the_call_it_answers_even_when_calls_overlap()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnCommand = async (connection, command) =>
        {
            switch (command.Channel)
            {
                case "depth":
                    await connection.RefuseAsync(command, "4003");
                    return true;
                case "trade":
                    await connection.RefuseAsync(command, "4004");
                    return true;
                default:
                    return false;
            }
        };
        await kit.ConnectAsync();

        var ticker = kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]);
        var depth = kit.Stream.SubscribeAsync(StreamChannel.Depth, ["AAPL.US"]);
        var trade = kit.Stream.SubscribeAsync(StreamChannel.Trade, ["AAPL.US"]);
        var ping = kit.Stream.PingAsync();
        var unsubscribe = kit.Stream.UnsubscribeAsync(StreamChannel.Ticker, ["NOT.SUBSCRIBED"]);

        await ticker.Within();
        await depth.Invoking(t => t.Within()).Should().ThrowAsync<DepthSubscriptionUnavailableException>();
        await trade.Invoking(t => t.Within()).Should().ThrowAsync<TradeSubscriptionUnavailableException>();
        (await ping.Within()).ServerTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(ServerConnection.PongTimestamp));
        await unsubscribe.Within();
        kit.Stream.Subscriptions.Should().ContainSingle().Which.Channel.Should().Be(StreamChannel.Ticker);
    }

    [Test]
    public async Task A_refused_unsubscribe_throws_the_typed_exception_and_the_symbol_stays_forgotten()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnCommand = async (connection, command) =>
        {
            if (command.Cmd != "unsubscribe")
            {
                return false;
            }

            await connection.RefuseAsync(command, "4002");
            return true;
        };
        await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();

        await kit.Stream.Invoking(s => s.UnsubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within()).Should().ThrowAsync<InvalidMessageFormatException>();

        kit.Stream.Subscriptions.Should().BeEmpty();
    }

    [Test]
    public async Task Errors_that_answer_no_call_go_to_the_error_event_and_the_session_keeps_running()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();

        await server.SendAsync("""{"cmd":"error","code":2001,"message":"Invalid message format","data":null}""");
        await server.SendAsync("""{"cmd":"ticker","code":"5002","message":"maintenance"}""");
        await server.SendAsync("""{"cmd":"unknown","code":4001,"message":"Unknown command"}""");
        await server.SendAsync("""{"cmd":"subscribe","code":3004,"message":"nothing pending"}""");
        await server.SendAsync("""{"cmd":"subscribe","code":0,"message":"stray success"}""");
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"1","timestamp":1703123456789}}""");

        (await kit.Stream.ReadAllAsync().TakeAsync(1))[0].Symbol.Should().Be("AAPL.US");
        var errors = kit.Events.Errors.Select(e => e.Exception).ToArray();
        errors.Should().HaveCount(4);
        errors[0].Should().BeOfType<InvalidParametersException>().Which.RequestPath.Should().Be("error");
        errors[1].Should().BeOfType<ServiceUnavailableException>().Which.RequestPath.Should().Be("ticker");
        errors[2].Should().BeOfType<UnknownCommandException>().Which.RequestPath.Should().Be("unknown");
        errors[3].Should().BeOfType<SubscriptionLimitExceededException>();
        kit.Stream.IgnoredMessages.Should().Be(1);
        kit.Stream.State.Should().Be(StreamState.Connected);
        kit.Server.ConnectionCount.Should().Be(1);
    }

    [TestCase("""{"cmd":"subscribe","code":4003,"msg":"Depth subscriptions temporarily unavailable"}""", TestName = "A refusal whose message is sent as msg surfaces that text")]
    [TestCase("""{"cmd":"subscribe","code":4003,"error":"Depth subscriptions temporarily unavailable"}""", TestName = "A refusal whose message is sent as error surfaces that text")]
    [TestCase("""{"cmd":"subscribe","error":"4003","msg":"Depth subscriptions temporarily unavailable"}""", TestName = "A refusal whose code is sent only as error is read as REST reads it")]
    public async Task A_refusal_is_read_with_the_same_envelope_spellings_as_a_REST_reply(string frame)
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnCommand = async (connection, command) =>
        {
            await connection.SendAsync(frame);
            return true;
        };
        await kit.ConnectAsync();

        var thrown = await kit.Stream.Invoking(s => s.SubscribeAsync(StreamChannel.Depth, ["AAPL.US"]).Within()).Should().ThrowAsync<DepthSubscriptionUnavailableException>();

        thrown.Which.RawCode.Should().Be("4003");
        thrown.Which.ServerMessage.Should().Be("Depth subscriptions temporarily unavailable");
        thrown.Which.Message.Should().Contain("Depth subscriptions temporarily unavailable");
        kit.Server.CommandsOf("subscribe").Should().ContainSingle();
        kit.Stream.Subscriptions.Should().BeEmpty();
    }

    [Test]
    public async Task A_throwing_event_handler_does_not_break_the_stream()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Stream.Error += (_, _) => throw new InvalidOperationException("app bug");
        kit.Stream.StateChanged += (_, _) => throw new InvalidOperationException("app bug");
        var server = await kit.ConnectAsync();

        await server.SendAsync("not json");
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"1","timestamp":1703123456789}}""");

        (await kit.Stream.ReadAllAsync().TakeAsync(1)).Should().ContainSingle();
        kit.Events.Errors.Should().ContainSingle();
        kit.Logs.Lines.Should().Contain(l => l.Contains("handler threw"));
    }

    [Test]
    public async Task A_stream_error_logs_a_Warning_and_only_a_swallowed_handler_exception_logs_an_Error()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        const string Tick = """{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"1","timestamp":1703123456789}}""";

        await server.SendAsync("not json");
        await server.SendAsync(Tick);
        await using var reader = kit.Stream.ReadAllAsync().GetAsyncEnumerator();
        (await reader.MoveNextAsync().AsTask().Within()).Should().BeTrue();

        kit.Logs.Levels.Should().Contain((Microsoft.Extensions.Logging.LogLevel.Warning, 2003), "the app sees the error on its Error event");
        kit.Logs.Levels.Should().NotContain(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);

        kit.Stream.Error += (_, _) => throw new InvalidOperationException("app bug");
        await server.SendAsync("not json");
        await server.SendAsync(Tick);
        (await reader.MoveNextAsync().AsTask().Within()).Should().BeTrue();

        kit.Logs.Levels.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Should().Equal([(Microsoft.Extensions.Logging.LogLevel.Error, 2007)], "the SDK swallowed what the handler threw");
    }
}
