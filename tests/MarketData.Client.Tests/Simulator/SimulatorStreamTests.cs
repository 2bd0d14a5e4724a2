using System.Net.WebSockets;
using System.Text.Json;
using MarketData.Client.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Simulator;

/// <summary>The <c>/v1/realtime</c> side, spoken to with a raw <see cref="ClientWebSocket"/>.</summary>
public sealed class SimulatorStreamTests
{
    private const string SubscribeTicker = """{"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US","BTCUSDT"]}}""";

    [TestCase(null, 401, "\"UNAUTHORIZED\"")]
    [TestCase("?api_key=wrong", 401, "\"INVALID_TOKEN\"")]
    public async Task Upgrades_without_a_valid_key_are_refused_before_the_handshake(string? query, int status, string code)
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();

        var (actualStatus, body) = await RawUpgrade.SendAsync(sim, query);
        var (clientStatus, _) = await RawStream.RefusedAsync(sim, query is null ? null : "wrong");

        actualStatus.Should().Be(status);
        clientStatus.Should().Be(status);
        body.Should().StartWith("{\"code\":" + code);
        sim.ActiveStreamConnections.Should().Be(0);
        sim.RequestCount(MarketDataSimulator.StreamPath).Should().Be(2);
        sim.ReceivedRequests.Should().OnlyContain(r => !r.Query.ContainsKey("api_key") || r.Query["api_key"] == "***", "the key is never recorded");
    }

    [Test]
    public async Task Ping_is_answered_with_pong_and_the_server_time()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.SendAsync("""{"cmd":"ping"}""");
        var pong = await ws.ReceiveAsync();

        pong.GetProperty("cmd").GetString().Should().Be("pong");
        pong.GetProperty("code").GetInt32().Should().Be(0);
        pong.GetProperty("message").GetString().Should().Be("pong");
        pong.GetProperty("data").GetProperty("timestamp").GetInt64().Should().Be(SimulatorKit.FrozenNow.ToUnixTimeMilliseconds());
        sim.StreamCommandCount("ping").Should().Be(1);
        sim.StreamConnectionsAccepted.Should().Be(1);
        sim.ReceivedRequests.Should().ContainSingle().Which.StatusCode.Should().Be(101);
    }

    [Test]
    public async Task Subscribe_is_acknowledged_then_tickers_are_pushed_at_the_last_price()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.SendAsync(SubscribeTicker);
        var ack = await ws.ReceiveAsync();
        var snapshot = new[] { await ws.ReceiveAsync(), await ws.ReceiveAsync() };
        await sim.PushAsync();
        var pushed = new[] { await ws.ReceiveAsync(), await ws.ReceiveAsync() };

        ack.GetProperty("cmd").GetString().Should().Be("subscribe");
        ack.GetProperty("code").GetInt32().Should().Be(0);
        ack.GetProperty("data").GetProperty("channel").GetString().Should().Be("ticker");
        ack.GetProperty("data").GetProperty("symbols").EnumerateArray().Select(e => e.GetString()).Should().Equal("AAPL.US", "BTCUSDT");
        foreach (var push in snapshot.Concat(pushed))
        {
            push.GetProperty("cmd").GetString().Should().Be("ticker");
            var data = push.GetProperty("data");
            decimal.Parse(data.GetProperty("last_price").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                .Should().Be(sim.GetLastPrice(data.GetProperty("symbol").GetString()!));
            data.GetProperty("timestamp").GetInt64().Should().Be(SimulatorKit.FrozenNow.ToUnixTimeMilliseconds());
        }

        var btc = pushed.Single(p => p.GetProperty("data").GetProperty("symbol").GetString() == "BTCUSDT").GetProperty("data");
        Price(btc, "bid_price").Should().BeLessThan(Price(btc, "ask_price"));
        sim.ActiveSubscriptions.Should().Be(2);
    }

    [Test]
    public async Task Pushes_follow_the_configured_interval_on_the_simulators_clock()
    {
        var clock = new FakeTimeProvider(SimulatorKit.FrozenNow);
        await using var sim = await SimulatorKit.StartFrozenAsync(clock, o => o.PushInterval = TimeSpan.FromSeconds(1));
        await using var ws = await RawStream.ConnectAndSubscribeAsync(sim, """{"cmd":"subscribe","data":{"channel":"ticker","symbols":["ETHUSDT"]}}""");
        var first = await ws.ReceiveAsync("ticker");

        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await ws.ReceiveAsync("ticker");
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await ws.ReceiveAsync("ticker");

        var times = new[] { first, second, third }.Select(m => m.GetProperty("data").GetProperty("timestamp").GetInt64()).ToList();
        times.Should().Equal(Enumerable.Range(0, 3).Select(i => SimulatorKit.FrozenNow.AddSeconds(i).ToUnixTimeMilliseconds()));
        Price(third.GetProperty("data"), "last_price").Should().Be(sim.GetLastPrice("ETHUSDT"));
    }

    [Test]
    public async Task Depth_pushes_are_books_with_bids_below_asks()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAndSubscribeAsync(sim, """{"cmd":"subscribe","data":{"channel":"depth","symbols":["700.HK"]}}""");

        var depth = (await ws.ReceiveAsync("depth")).GetProperty("data");

        var bids = Levels(depth, "bids");
        var asks = Levels(depth, "asks");
        bids.Should().HaveCount(10).And.BeInDescendingOrder();
        asks.Should().HaveCount(10).And.BeInAscendingOrder();
        bids[0].Should().BeLessThan(sim.GetLastPrice("700.HK"));
        asks[0].Should().BeGreaterThan(sim.GetLastPrice("700.HK"));
    }

    [Test]
    public async Task Trade_pushes_carry_the_trades_since_the_last_push_in_both_shapes()
    {
        var clock = new FakeTimeProvider(SimulatorKit.FrozenNow);
        await using var sim = await SimulatorKit.StartFrozenAsync(clock);
        await using var ws = await RawStream.ConnectAndSubscribeAsync(sim, """{"cmd":"subscribe","data":{"channel":"trade","symbols":["BTCUSDT"]}}""");
        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"trade","symbols":["BU2609"]}}""");
        await ws.ReceiveAsync("subscribe");

        clock.Advance(TimeSpan.FromSeconds(20));
        await sim.PushAsync();
        var pushes = await ws.PingAndCollectAsync();

        var batch = pushes.Single(p => p.GetProperty("data").GetProperty("symbol").GetString() == "BTCUSDT").GetProperty("data");
        var trades = batch.GetProperty("trades").EnumerateArray().ToList();
        trades.Should().NotBeEmpty();
        trades.Select(t => t.GetProperty("timestamp").GetInt64()).Should().BeInAscendingOrder()
            .And.OnlyContain(t => t > SimulatorKit.FrozenNow.ToUnixTimeMilliseconds() && t <= clock.GetUtcNow().ToUnixTimeMilliseconds());
        var futures = pushes.Where(p => p.GetProperty("data").GetProperty("symbol").GetString() == "BU2609").Select(p => p.GetProperty("data")).ToList();
        futures.Should().NotBeEmpty();
        futures.Should().AllSatisfy(f =>
        {
            f.GetProperty("type").GetString().Should().Be("futures");
            f.GetProperty("position_effect").GetString().Should().NotBeNullOrEmpty();
            f.GetProperty("price").GetString().Should().NotBeNullOrEmpty();
        });

        await sim.PushAsync();
        (await ws.PingAndCollectAsync()).Should().BeEmpty("no time has passed, so no trade happened since the last push");
    }

    [Test]
    public async Task Unsubscribe_stops_the_pushes()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAndSubscribeAsync(sim, SubscribeTicker);

        await ws.SendAsync("""{"cmd":"unsubscribe","data":{"channel":"ticker","symbols":["AAPL.US"]}}""");
        var skipped = new List<JsonElement>();
        var ack = await ws.ReceiveAsync("unsubscribe", skipped);
        await sim.PushAsync();
        var pushed = await ws.PingAndCollectAsync();

        ack.GetProperty("code").GetInt32().Should().Be(0);
        pushed.Select(p => p.GetProperty("data").GetProperty("symbol").GetString()).Should().Equal("BTCUSDT");
        sim.ActiveSubscriptions.Should().Be(1);
        sim.StreamCommandCount("unsubscribe").Should().Be(1);
    }

    [Test]
    public async Task The_subscription_limit_is_enforced_with_3004()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync(o => o.MaxSubscriptions = 3);
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US","MSFT.US","NVDA.US","TSLA.US"]}}""");
        var refused = await ws.ReceiveAsync("subscribe");
        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US","MSFT.US","NVDA.US"]}}""");
        var accepted = await ws.ReceiveAsync("subscribe");
        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"depth","symbols":["AAPL.US"]}}""");
        var refusedAgain = await ws.ReceiveAsync("subscribe");

        refused.GetProperty("code").GetInt32().Should().Be(3004);
        accepted.GetProperty("code").GetInt32().Should().Be(0);
        refusedAgain.GetProperty("code").GetInt32().Should().Be(3004);
        sim.ActiveSubscriptions.Should().Be(3);
    }

    [Test]
    public async Task The_connection_limit_refuses_one_more_with_429_and_3003()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync(o => o.MaxStreamConnections = 2);
        await using var first = await RawStream.ConnectAsync(sim);
        await using var second = await RawStream.ConnectAsync(sim);

        var (status, body) = await RawUpgrade.SendAsync(sim, "?api_key=" + sim.ApiKey);

        status.Should().Be(429);
        body.Should().StartWith("{\"code\":3003,");
        sim.ActiveStreamConnections.Should().Be(2);
    }

    [Test]
    public async Task Connections_are_listed_and_closed_through_the_rest_api()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim);
        await using var ws = await RawStream.ConnectAndSubscribeAsync(sim, SubscribeTicker);

        var connections = await client.GetConnectionsAsync();
        await client.CloseConnectionAsync(connections.Single().Id);
        var closing = async () => await ws.ReceiveAsync("never");

        connections.Should().ContainSingle().Which.Id.Should().Be("ws-1");
        connections[0].AdditionalProperties!["subscriptions"].GetInt32().Should().Be(2);
        (await closing.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("PolicyViolation");
        var unknown = () => client.CloseConnectionAsync("ws-99");
        (await unknown.Should().ThrowAsync<MarketDataException>()).Which.Code.Should().Be(ErrorCode.ResourceNotFound);
    }

    [TestCase("""{"cmd":"hello"}""", "hello", 4001)]
    [TestCase("""not json""", "error", 2001)]
    [TestCase("""{"nocmd":1}""", "error", 4002)]
    [TestCase("""{"cmd":"subscribe"}""", "subscribe", 4002)]
    [TestCase("""{"cmd":"subscribe","data":{"channel":"news","symbols":["AAPL.US"]}}""", "subscribe", 2001)]
    [TestCase("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["NOPE"]}}""", "subscribe", 2002)]
    [TestCase("""{"cmd":"subscribe","data":{"channel":"depth","symbols":["EURUSD"]}}""", "subscribe", 4003)]
    [TestCase("""{"cmd":"subscribe","data":{"channel":"trade","symbols":["SPX"]}}""", "subscribe", 4004)]
    [TestCase("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US"],"type":"crypto"}}""", "subscribe", 2006)]
    public async Task Bad_commands_get_error_replies_and_the_session_goes_on(string command, string cmd, int code)
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.SendAsync(command);
        var reply = await ws.ReceiveAsync();
        await ws.SendAsync("""{"cmd":"ping"}""");
        var pong = await ws.ReceiveAsync();

        reply.GetProperty("cmd").GetString().Should().Be(cmd);
        reply.GetProperty("code").GetInt32().Should().Be(code);
        reply.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        pong.GetProperty("cmd").GetString().Should().Be("pong");
        sim.ActiveSubscriptions.Should().Be(0);
    }

    [Test]
    public async Task A_command_sent_in_several_frames_is_joined()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.Socket.SendAsync("{\"cmd\":"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None).WaitAsync(SimulatorKit.Guard);
        await ws.Socket.SendAsync("\"ping\"}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WaitAsync(SimulatorKit.Guard);
        var reply = await ws.ReceiveAsync();

        reply.GetProperty("cmd").GetString().Should().Be("pong");
        sim.StreamCommandCount("ping").Should().Be(1);
    }

    [Test]
    public async Task Unavailable_depth_comes_with_a_suggestion()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"depth","symbols":["XAUUSD"]}}""");
        var reply = await ws.ReceiveAsync();

        reply.GetProperty("data").GetProperty("suggestion").GetString().Should().Contain("/v1/market/depth");
    }

    [Test]
    public async Task Go_silent_stops_pongs_and_pushes_without_closing_and_resume_restores_them()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAndSubscribeAsync(sim, SubscribeTicker);
        await ws.ReceiveAsync("ticker");
        await ws.ReceiveAsync("ticker");

        sim.Faults.GoSilent();
        await ws.SendAsync("""{"cmd":"ping","n":1}""");
        await sim.WaitForStreamCommandCountAsync("ping", 1).WaitAsync(SimulatorKit.Guard);
        await sim.PushAsync();
        ws.Socket.State.Should().Be(WebSocketState.Open);
        sim.Faults.Resume();
        await ws.SendAsync("""{"cmd":"ping","n":2}""");
        var next = await ws.ReceiveAsync();

        sim.Faults.IsSilent.Should().BeFalse();
        next.GetProperty("cmd").GetString().Should().Be("pong", "neither the silent ping nor the silent push round produced anything");
        sim.StreamCommandCount("ping").Should().Be(2);
    }

    [Test]
    public async Task Drop_aborts_every_connection_without_a_close_handshake()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var first = await RawStream.ConnectAsync(sim);
        await using var second = await RawStream.ConnectAsync(sim);
        await first.SendAsync("""{"cmd":"ping"}""");
        await first.ReceiveAsync("pong");

        var dropped = sim.Faults.DropStreamConnections();
        var receive = async () => await first.ReceiveAsync();

        dropped.Should().Be(2);
        var error = (await receive.Should().ThrowAsync<WebSocketException>()).Which;
        error.Message.Should().NotContain("closed by the server", "an abort sends no close frame");
        await using var third = await RawStream.ConnectAsync(sim);
        third.Socket.State.Should().Be(WebSocketState.Open, "the drop is not a ban: clients reconnect");
    }

    [Test]
    public async Task Close_sends_a_close_frame_with_the_status()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        await using var ws = await RawStream.ConnectAsync(sim);

        var closed = await sim.Faults.CloseStreamConnectionsAsync();
        var receive = async () => await ws.ReceiveAsync();

        closed.Should().Be(1);
        (await receive.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("EndpointUnavailable");
    }

    [TestCase(401, "\"INVALID_TOKEN\"")]
    [TestCase(403, "\"PERMISSION_DENIED\"")]
    [TestCase(429, "3003")]
    public async Task Scripted_upgrade_rejections_are_plain_http_answers(int status, string code)
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        sim.Faults.RejectUpgrade(status, times: 1);

        var (actual, body) = await RawUpgrade.SendAsync(sim, "?api_key=" + sim.ApiKey);
        await using var accepted = await RawStream.ConnectAsync(sim);

        actual.Should().Be(status);
        body.Should().StartWith("{\"code\":" + code);
        sim.RequestCount(MarketDataSimulator.StreamPath).Should().Be(2);
        sim.StreamConnectionsAccepted.Should().Be(1);
    }

    [Test]
    public async Task A_scripted_5004_subscribes_the_first_symbol_and_reports_the_rest_retryable()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        sim.Faults.SubscribeError(ErrorCode.RealtimeDataUnavailable);
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US","700.HK","EURUSD"]}}""");
        var reply = await ws.ReceiveAsync("subscribe");

        reply.GetProperty("code").GetInt32().Should().Be(5004);
        var data = reply.GetProperty("data");
        data.GetProperty("symbols").EnumerateArray().Select(e => e.GetString()).Should().Equal("AAPL.US");
        data.GetProperty("failed_symbols").EnumerateArray().Select(e => e.GetString()).Should().Equal("700.HK", "EURUSD");
        data.GetProperty("retryable_symbols").EnumerateArray().Select(e => e.GetString()).Should().Equal("700.HK", "EURUSD");
        data.GetProperty("retryable").GetBoolean().Should().BeTrue();
        sim.ActiveSubscriptions.Should().Be(1);
    }

    [Test]
    public async Task Bare_codes_are_pushed_for_hk_and_a_shares_when_asked()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync(o => o.PushBareSymbols = true);
        await using var ws = await RawStream.ConnectAsync(sim);

        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["700.HK","600519.SH","AAPL.US"]}}""");
        var ack = await ws.ReceiveAsync("subscribe");
        var symbols = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            symbols.Add((await ws.ReceiveAsync("ticker")).GetProperty("data").GetProperty("symbol").GetString());
        }

        ack.GetProperty("data").GetProperty("symbols").EnumerateArray().Select(e => e.GetString()).Should().Equal("700.HK", "600519.SH", "AAPL.US");
        symbols.Should().Equal("700", "600519", "AAPL.US");
    }

    private static decimal Price(JsonElement data, string name) =>
        decimal.Parse(data.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static List<decimal> Levels(JsonElement data, string side) =>
        data.GetProperty(side).EnumerateArray().Select(l => decimal.Parse(l[0].GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
