using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Streaming;

/// <summary>ERRORS.md lets the server answer any command with <c>cmd: "error"</c>: that answer belongs to the oldest unanswered command (issue 9, item 4).</summary>
public sealed class StreamErrorReplyMatchingTests
{
    private const string SymbolNotFound = """{"cmd":"error","code":2002,"message":"Symbol not found","data":null}""";

    [Test]
    public async Task A_cmd_error_answer_to_a_subscribe_is_thrown_by_SubscribeAsync_and_the_refused_symbols_are_never_resent()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnCommand = async (connection, command) =>
        {
            if (command is { Cmd: "subscribe" } && command.Symbols.Contains("NOPE.US"))
            {
                await connection.SendAsync(SymbolNotFound);
                return true;
            }

            return false;
        };
        var first = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();

        var refused = await FluentActions.Awaiting(() => kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["NOPE.US", "NADA.US"]).Within())
            .Should().ThrowAsync<SymbolNotFoundException>();

        refused.Which.RequestPath.Should().Be("subscribe ticker");
        kit.Stream.Subscriptions.Select(s => s.Symbol).Should().Equal("AAPL.US");
        kit.Events.Errors.Should().BeEmpty("the refusal answered a call, so it goes to that call");

        first.Abort();
        await kit.SkipBackoffAsync();
        var second = await kit.Server.NextConnectionAsync();
        await kit.Events.NextStateAsync(StreamState.Connected);
        second.Commands.Where(c => c.Cmd == "subscribe").SelectMany(c => c.Symbols).Should().Equal(["AAPL.US"], "refused symbols are not kept");
    }

    [Test]
    public async Task A_cmd_error_goes_to_the_oldest_unanswered_command_of_any_kind_and_later_answers_keep_their_order()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var withheld = 0;
        kit.Server.OnCommand = (connection, command) =>
        {
            // Withhold the answers to the depth subscribe and the ping that follows it.
            if (command is { Cmd: "subscribe", Channel: "depth" } or { Cmd: "ping" })
            {
                if (Interlocked.Increment(ref withheld) == 2)
                {
                    received.TrySetResult();
                }

                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        var server = await kit.ConnectAsync();

        var subscribe = kit.Stream.SubscribeAsync(StreamChannel.Depth, ["BTCUSDT"]);
        await server.NextCommandAsync("subscribe");
        var ping = kit.Stream.PingAsync();
        await received.Task.Within();
        await server.SendAsync("""{"cmd":"error","code":4003,"message":"Depth subscriptions temporarily unavailable","data":null}""");
        await server.PongAsync();

        await FluentActions.Awaiting(() => subscribe.Within()).Should().ThrowAsync<DepthSubscriptionUnavailableException>();
        (await ping.Within()).ServerTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(ServerConnection.PongTimestamp));
        kit.Stream.Subscriptions.Should().BeEmpty();
        kit.Events.Errors.Should().BeEmpty();
    }

    [Test]
    public async Task A_cmd_error_with_no_command_waiting_still_goes_to_the_Error_event()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();

        await server.SendAsync(SymbolNotFound);
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"1","timestamp":1703123456789}}""");
        (await kit.Stream.ReadAllAsync().TakeAsync(1)).Should().ContainSingle(); // the push came after the error: both were read

        kit.Events.Errors.Should().ContainSingle().Which.Exception.Should().BeOfType<SymbolNotFoundException>();
        kit.Stream.State.Should().Be(StreamState.Connected);
    }
}
