using System.Net.WebSockets;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using MarketData.Client.Tests.Resilience;

namespace MarketData.Client.Tests.Streaming;

/// <summary>Drops, silent servers, resubscription and the heartbeat, on the fake clock.</summary>
public sealed class StreamReconnectTests
{
    private const string Tick = """{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"1","timestamp":1703123456789}}""";

    [Test]
    public async Task After_a_server_close_the_stream_reconnects_and_resubscribes_every_active_subscription_exactly_once_in_batches()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.SubscribeBatchSize = 2);
        var first = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "TSLA.US", "NVDA.US", "MSFT.US"]).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Depth, ["BTCUSDT"]).Within();
        await kit.Stream.UnsubscribeAsync(StreamChannel.Ticker, ["MSFT.US"]).Within();
        await first.SendAsync(Tick);
        (await kit.Stream.ReadAllAsync().TakeAsync(1)).Should().ContainSingle();

        await first.CloseAsync();
        var reconnecting = await kit.SkipBackoffAsync();
        var second = await kit.Server.NextConnectionAsync();
        var connected = await kit.Events.NextStateAsync(StreamState.Connected);

        reconnecting.Exception.Should().BeOfType<MarketDataTransportException>().Which.Message.Should().Contain("closed");
        reconnecting.Attempt.Should().Be(1);
        reconnecting.Delay.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(PollyJitter.Cumulative(1, TimeSpan.FromSeconds(1)).Max);
        connected.FailedSubscriptions.Should().BeEmpty();
        var resent = second.Commands.Where(c => c.Cmd == "subscribe").ToArray();
        resent.Should().OnlyContain(c => c.Symbols.Length <= 2);
        resent.Where(c => c.Channel == "ticker").SelectMany(c => c.Symbols).Should().BeEquivalentTo("AAPL.US", "TSLA.US", "NVDA.US");
        resent.Where(c => c.Channel == "depth").SelectMany(c => c.Symbols).Should().Equal("BTCUSDT");
        kit.Stream.Subscriptions.Should().HaveCount(4).And.OnlyContain(s => s.Status == StreamSubscriptionStatus.Active);
        kit.Events.States.Select(s => s.State).Should().Equal(StreamState.Connecting, StreamState.Connected, StreamState.Reconnecting, StreamState.Connected);

        await second.SendAsync(Tick);
        (await kit.Stream.ReadAllAsync().TakeAsync(1)).Should().ContainSingle();
        kit.Server.UpgradeCount.Should().Be(2);
    }

    [Test]
    public async Task No_new_data_is_delivered_until_every_resubscribe_is_acknowledged()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var (second, command) = await kit.ReconnectWithResubscribeWithheldAsync();
        await second.SendAsync(Tick);
        await kit.Stream.PingAsync().Within(); // the pong comes after the push: the push has been processed

        kit.Stream.BufferedMessages.Should().Be(0);
        kit.Stream.State.Should().Be(StreamState.Reconnecting);

        await second.AckAsync(command);
        await kit.Events.NextStateAsync(StreamState.Connected);
        (await kit.Stream.ReadAllAsync().TakeAsync(1)).Single().Symbol.Should().Be("AAPL.US");
    }

    [Test]
    public async Task Subscriptions_made_while_reconnecting_are_queued_and_applied_once_and_unsubscribed_ones_are_not_resent()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var first = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "TSLA.US"]).Within();

        first.Abort();
        await kit.Events.NextStateAsync(StreamState.Reconnecting);
        await kit.Stream.SubscribeAsync(StreamChannel.Trade, ["700.HK"]).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Trade, ["700.HK"]).Within();
        await kit.Stream.UnsubscribeAsync(StreamChannel.Ticker, ["TSLA.US"]).Within();
        kit.Stream.Subscriptions.Should().OnlyContain(s => s.Status == StreamSubscriptionStatus.Pending);
        kit.Time.Advance(kit.Events.States.Last().Delay!.Value);
        var second = await kit.Server.NextConnectionAsync();
        await kit.Events.NextStateAsync(StreamState.Connected);

        second.Commands.Select(c => (c.Cmd, c.Channel, string.Join(",", c.Symbols))).Should().BeEquivalentTo(new[]
        {
            ("subscribe", "ticker", "AAPL.US"),
            ("subscribe", "trade", "700.HK"),
        });
        first.Commands.Should().NotContain(c => c.Cmd == "unsubscribe", "the old connection was gone; the server forgot it anyway");
    }

    [Test]
    public async Task A_resubscribe_the_server_refuses_is_reported_marked_failed_and_named_in_the_state_change()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var first = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Depth, ["700.HK"]).Within();
        kit.Server.OnCommand = async (connection, command) =>
        {
            if (connection.Index >= 2 && command is { Cmd: "subscribe", Channel: "depth" })
            {
                await connection.RefuseAsync(command, "4003", """{"channel":"depth","suggestion":"Use HTTP API /v1/market/depth for current depth data"}""");
                return true;
            }

            return false;
        };

        first.Abort();
        await kit.SkipBackoffAsync();
        var connected = await kit.Events.NextStateAsync(StreamState.Connected);
        var error = await kit.Events.NextErrorAsync();

        error.Exception.Should().BeOfType<DepthSubscriptionUnavailableException>();
        error.Channel.Should().Be(StreamChannel.Depth);
        error.Symbols.Should().Equal("700.HK");
        connected.FailedSubscriptions.Should().ContainSingle().Which.Should().Match<StreamSubscription>(s =>
            s.Symbol == "700.HK" && s.Status == StreamSubscriptionStatus.Failed && s.Error is DepthSubscriptionUnavailableException);
        kit.Stream.Subscriptions.Should().Contain(s => s.Symbol == "AAPL.US" && s.Status == StreamSubscriptionStatus.Active);
        kit.Stream.Subscriptions.Should().Contain(s => s.Symbol == "700.HK" && s.Status == StreamSubscriptionStatus.Failed);

        // A failed subscription is not retried on later reconnects; subscribing again retries it.
        (await kit.Server.NextConnectionAsync()).Abort();
        await kit.SkipBackoffAsync();
        var third = await kit.Server.NextConnectionAsync();
        await kit.Events.NextStateAsync(StreamState.Connected);
        third.Commands.Should().ContainSingle().Which.Channel.Should().Be("ticker");
        kit.Server.OnCommand = null;
        await kit.Stream.SubscribeAsync(StreamChannel.Depth, ["700.HK"]).Within();
        kit.Stream.Subscriptions.Should().OnlyContain(s => s.Status == StreamSubscriptionStatus.Active);
    }

    [Test]
    public async Task A_server_that_goes_silent_is_detected_after_StaleTimeout_and_reconnected()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var first = await kit.ConnectAsync();
        first.Silent = true;

        kit.Time.Advance(TimeSpan.FromSeconds(1));
        (await first.NextCommandAsync("ping")).Raw.Should().Be("""{"cmd":"ping"}""");
        kit.Time.Advance(TimeSpan.FromSeconds(1));
        await first.NextCommandAsync("ping");
        kit.Time.Advance(TimeSpan.FromSeconds(0.999));
        kit.Stream.State.Should().Be(StreamState.Connected);
        kit.Time.Advance(TimeSpan.FromMilliseconds(1));

        var reconnecting = await kit.Events.NextStateAsync(StreamState.Reconnecting);
        var stale = reconnecting.Exception.Should().BeOfType<MarketDataTimeoutException>().Subject;
        stale.Timeout.Should().Be(TimeSpan.FromSeconds(3));
        stale.Message.Should().Contain("no message");
        await first.Closed.Within();
        kit.Time.Advance(reconnecting.Delay!.Value);
        await kit.Server.NextConnectionAsync();
        await kit.Events.NextStateAsync(StreamState.Connected);
    }

    [Test]
    public async Task Pongs_keep_a_quiet_connection_alive_and_pings_go_out_every_HeartbeatInterval()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();

        for (var i = 0; i < 10; i++)
        {
            kit.Time.Advance(TimeSpan.FromSeconds(1));
            await server.NextCommandAsync("ping");
            await kit.Stream.PingAsync().Within(); // after this the heartbeat's pong has been read too
        }

        kit.Stream.State.Should().Be(StreamState.Connected);
        kit.Server.ConnectionCount.Should().Be(1);
        server.Commands.Count(c => c.Cmd == "ping").Should().Be(20);
    }

    [Test]
    public async Task An_upgrade_that_never_completes_is_bounded_by_ConnectTimeout_and_retried()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnUpgrade = n => n == 1 ? StubReply.Held : null;

        var connect = kit.Stream.ConnectAsync();
        await kit.Events.NextStateAsync(StreamState.Connecting);
        await kit.Server.NextUpgradeAsync();
        kit.Time.Advance(TimeSpan.FromSeconds(5));
        var reconnecting = await kit.Events.NextStateAsync(StreamState.Reconnecting);
        reconnecting.Exception.Should().BeOfType<MarketDataTimeoutException>().Which.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        kit.Time.Advance(reconnecting.Delay!.Value);

        await connect.Within();
        kit.Server.UpgradeCount.Should().Be(2);
    }

    [Test]
    public async Task A_connection_that_stayed_up_for_StaleTimeout_restarts_the_backoff_at_attempt_1()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var first = await kit.ConnectAsync();
        kit.Server.OnUpgrade = n => n == 2 ? new StubReply(503, null) : null;

        first.Abort();
        (await kit.SkipBackoffAsync()).Attempt.Should().Be(1);
        (await kit.SkipBackoffAsync()).Attempt.Should().Be(2, "the second upgrade was refused");
        await kit.Events.NextStateAsync(StreamState.Connected);
        var third = await kit.Server.NextConnectionAsync();
        kit.Time.Advance(TimeSpan.FromSeconds(3)); // StaleTimeout: the connection counts as healthy
        third.Abort();
        var reconnecting = await kit.Events.NextStateAsync(StreamState.Reconnecting);

        reconnecting.Attempt.Should().Be(1, "a healthy connection restarts the count");
        reconnecting.Delay.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(PollyJitter.Cumulative(1, TimeSpan.FromSeconds(1)).Max, "Polly's backoff restarts from the base delay");
        kit.Server.UpgradeCount.Should().Be(3);
    }

    [Test]
    public async Task After_MaxReconnectAttempts_the_stream_closes_with_the_last_failure()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.MaxReconnectAttempts = 2);
        var first = await kit.ConnectAsync();
        kit.Server.OnUpgrade = _ => new StubReply(503, null);
        var reader = kit.Stream.ReadAllAsync().TakeAsync(1);

        first.Abort();
        (await kit.SkipBackoffAsync()).Attempt.Should().Be(1);
        (await kit.SkipBackoffAsync()).Attempt.Should().Be(2);
        var closed = await kit.Events.NextStateAsync(StreamState.Closed);

        closed.Exception.Should().BeAssignableTo<MarketDataServiceException>();
        await reader.Invoking(r => r).Should().ThrowAsync<MarketDataServiceException>();
        await kit.Stream.Invoking(s => s.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"])).Should().ThrowAsync<InvalidOperationException>();
        kit.Server.UpgradeCount.Should().Be(3);
    }

    [Test]
    public async Task Disposing_sends_a_close_frame_completes_readers_and_stops_everything()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        var reader = kit.Stream.ReadAllAsync().TakeAsync(1);

        await kit.Stream.DisposeAsync().AsTask().Within();

        (await server.Closed.Within()).Should().Be(WebSocketCloseStatus.NormalClosure);
        (await reader.Within()).Should().BeEmpty();
        kit.Stream.State.Should().Be(StreamState.Closed);
        kit.Stream.IsRunning.Should().BeFalse();
        kit.Events.States.Last().State.Should().Be(StreamState.Closed);
        await kit.Stream.Invoking(s => s.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"])).Should().ThrowAsync<ObjectDisposedException>();
        await kit.Stream.Invoking(s => s.ConnectAsync()).Should().ThrowAsync<ObjectDisposedException>();
        await kit.Stream.DisposeAsync(); // idempotent
    }

    [Test]
    public async Task Disposing_during_the_reconnect_backoff_returns_promptly_and_nothing_runs_afterwards()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var first = await kit.ConnectAsync();
        var reader = kit.Stream.ReadAllAsync().TakeAsync(1);
        first.Abort();
        var reconnecting = await kit.Events.NextStateAsync(StreamState.Reconnecting);

        await kit.Stream.DisposeAsync().AsTask().Within();

        kit.Stream.IsRunning.Should().BeFalse();
        kit.Stream.State.Should().Be(StreamState.Closed);
        (await reader.Within()).Should().BeEmpty();
        kit.Time.Advance(reconnecting.Delay!.Value + TimeSpan.FromMinutes(10));
        kit.Server.UpgradeCount.Should().Be(1);
        kit.Events.States.Select(s => s.State).Should().Equal(StreamState.Connecting, StreamState.Connected, StreamState.Reconnecting, StreamState.Closed);
    }
}
