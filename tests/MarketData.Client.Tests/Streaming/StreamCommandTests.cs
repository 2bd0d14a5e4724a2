using System.Text.Json;
using MarketData.Client.Models;
using MarketData.Client.Streaming;

namespace MarketData.Client.Tests.Streaming;

/// <summary>Commands and their answers: subscribe, unsubscribe, ping, the URL and the key.</summary>
public sealed class StreamCommandTests
{
    [Test]
    public async Task Connects_to_v1_realtime_with_the_key_escaped_in_the_query_and_never_logs_it()
    {
        const string key = "k+y/=&?# 1%";
        await using var kit = await StreamTestKit.StartAsync(o => o.ApiKey = key);

        await kit.ConnectAsync();

        var query = kit.Server.UpgradeQueries.Should().ContainSingle().Subject;
        query.Should().Be("?api_key=" + Uri.EscapeDataString(key));
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)["api_key"].ToString().Should().Be(key);
        kit.Stream.Url.Should().Be($"ws://127.0.0.1:{kit.Server.BaseAddress.Port}/v1/realtime?api_key=***");
        kit.Stream.State.Should().Be(StreamState.Connected);
        kit.Logs.Lines.Should().Contain(l => l.Contains("api_key=***"));
        kit.Logs.Lines.Should().NotContain(l => l.Contains(key) || l.Contains(Uri.EscapeDataString(key)));
        kit.Stream.ToString().Should().NotContain(Uri.EscapeDataString(key));
    }

    [Test]
    public async Task Subscribe_and_unsubscribe_send_the_documented_commands_and_complete_on_the_acknowledgement()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();

        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "700.HK"], SymbolType.Stock).Within();

        var subscribe = server.Commands.Should().ContainSingle().Subject;
        JsonDocument.Parse(subscribe.Raw).RootElement.ToString().Should().Be(
            JsonDocument.Parse("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US","700.HK"],"type":"stock"}}""").RootElement.ToString());
        kit.Stream.Subscriptions.Should().BeEquivalentTo(new[]
        {
            new StreamSubscription(StreamChannel.Ticker, "AAPL.US", SymbolType.Stock, StreamSubscriptionStatus.Active, null),
            new StreamSubscription(StreamChannel.Ticker, "700.HK", SymbolType.Stock, StreamSubscriptionStatus.Active, null),
        });

        await kit.Stream.UnsubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();

        var unsubscribe = server.Commands.Last();
        unsubscribe.Raw.Should().Be("""{"cmd":"unsubscribe","data":{"channel":"ticker","symbols":["AAPL.US"],"type":"stock"}}""");
        kit.Stream.Subscriptions.Select(s => s.Symbol).Should().Equal("700.HK");
    }

    [Test]
    public async Task Subscribing_a_symbol_twice_or_concurrently_sends_one_command()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();

        await Task.WhenAll(
            kit.Stream.SubscribeAsync(StreamChannel.Depth, ["BTCUSDT", "ETHUSDT"]),
            kit.Stream.SubscribeAsync(StreamChannel.Depth, ["btcusdt", "ETHUSDT", "BTCUSDT"])).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Depth, ["BTCUSDT"]).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["BTCUSDT"]).Within();

        server.Commands.Where(c => c.Channel == "depth").SelectMany(c => c.Symbols).Should().BeEquivalentTo("BTCUSDT", "ETHUSDT");
        server.Commands.Where(c => c.Channel == "ticker").SelectMany(c => c.Symbols).Should().Equal("BTCUSDT");
    }

    [Test]
    public async Task Ping_returns_the_round_trip_time_on_the_injected_clock_and_the_server_timestamp()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        server.Silent = true;

        var ping = kit.Stream.PingAsync();
        await server.NextCommandAsync("ping");
        kit.Time.Advance(TimeSpan.FromMilliseconds(250));
        await server.PongAsync(1768976158541);
        var result = await ping.Within();

        result.RoundTripTime.Should().Be(TimeSpan.FromMilliseconds(250));
        result.ServerTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1768976158541));
        server.Commands.Single().Raw.Should().Be("""{"cmd":"ping"}""");
    }

    [Test]
    public async Task A_command_the_server_never_answers_fails_with_a_typed_timeout_and_a_late_answer_still_applies()
    {
        // Heartbeats far apart: this test is about one unanswered command, not a dead connection.
        await using var kit = await StreamTestKit.StartAsync(o =>
        {
            o.Streaming.HeartbeatInterval = TimeSpan.FromMinutes(1);
            o.Streaming.StaleTimeout = TimeSpan.FromMinutes(5);
        });
        var server = await kit.ConnectAsync();
        server.Silent = true;

        var subscribe = kit.Stream.SubscribeAsync(StreamChannel.Trade, ["AAPL.US"]);
        var command = await server.NextCommandAsync("subscribe");
        kit.Time.Advance(TimeSpan.FromSeconds(5));

        var timeout = (await subscribe.Invoking(t => t.Within()).Should().ThrowAsync<MarketDataTimeoutException>()).Which;
        timeout.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        timeout.Code.Should().Be(ErrorCode.Timeout);
        kit.Stream.Subscriptions.Should().ContainSingle().Which.Status.Should().Be(StreamSubscriptionStatus.Pending);

        var ping = kit.Stream.PingAsync();
        await server.NextCommandAsync("ping");
        await server.AckAsync(command);
        await server.PongAsync();
        await ping.Within();
        kit.Stream.Subscriptions.Should().ContainSingle().Which.Status.Should().Be(StreamSubscriptionStatus.Active);

        var ping2 = kit.Stream.PingAsync();
        await server.NextCommandAsync("ping");
        kit.Time.Advance(TimeSpan.FromSeconds(5));
        await ping2.Invoking(t => t.Within()).Should().ThrowAsync<MarketDataTimeoutException>();
    }

    [Test]
    public async Task Subscriptions_made_before_connecting_are_queued_and_sent_on_connect()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.SubscribeBatchSize = 2);

        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "TSLA.US", "NVDA.US"]).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();
        kit.Stream.Subscriptions.Should().OnlyContain(s => s.Status == StreamSubscriptionStatus.Pending);
        kit.Server.UpgradeCount.Should().Be(0);

        await kit.ConnectAsync();

        kit.Server.CommandsOf("subscribe").Select(c => c.Symbols.Length).Should().Equal(2, 1);
        kit.Server.CommandsOf("subscribe").SelectMany(c => c.Symbols).Should().BeEquivalentTo("AAPL.US", "TSLA.US", "NVDA.US");
        kit.Stream.Subscriptions.Should().OnlyContain(s => s.Status == StreamSubscriptionStatus.Active);
    }

    [Test]
    public async Task Invalid_arguments_throw_before_anything_is_sent()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        var s = kit.Stream;

        await s.Invoking(x => x.SubscribeAsync(StreamChannel.Ticker, null!)).Should().ThrowAsync<ArgumentNullException>();
        await s.Invoking(x => x.SubscribeAsync(StreamChannel.Ticker, [])).Should().ThrowAsync<ArgumentException>();
        await s.Invoking(x => x.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", " "])).Should().ThrowAsync<ArgumentException>();
        await s.Invoking(x => x.SubscribeAsync(StreamChannel.Ticker, [null!])).Should().ThrowAsync<ArgumentException>();
        await s.Invoking(x => x.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US,TSLA.US"])).Should().ThrowAsync<ArgumentException>();
        await s.Invoking(x => x.SubscribeAsync((StreamChannel)42, ["AAPL.US"])).Should().ThrowAsync<ArgumentException>();
        await s.Invoking(x => x.UnsubscribeAsync(StreamChannel.Depth, [""])).Should().ThrowAsync<ArgumentException>();

        await s.PingAsync().Within();
        server.Commands.Select(c => c.Cmd).Should().Equal("ping");
    }

    [Test]
    public void Plain_ws_to_a_remote_host_is_refused_unless_allowed_and_https_becomes_wss()
    {
        var insecure = new MarketDataClientOptions { ApiKey = "k", BaseAddress = new Uri("http://example.com") };
        FluentActions.Invoking(() => new MarketDataStream(insecure)).Should().Throw<ArgumentException>();

        insecure.AllowInsecureTransport = true;
        new MarketDataStream(insecure).Url.Should().Be("ws://example.com/v1/realtime?api_key=***");

        var secure = new MarketDataClientOptions { ApiKey = "k", BaseAddress = new Uri("https://api.tickdb.ai/prefix/") };
        new MarketDataStream(secure).Url.Should().Be("wss://api.tickdb.ai/prefix/v1/realtime?api_key=***");
        MarketDataStream.BuildUri(secure.BaseAddress, "a b&c").Uri.AbsoluteUri.Should().Be("wss://api.tickdb.ai/prefix/v1/realtime?api_key=a%20b%26c");
    }
}
