using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using MarketData.Client.Tests.Streaming;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Fault injection on one realtime session over loopback: forced drops at random points and half-open connections.
/// Backoff delays and the stale timer run on a fake clock (skipped instantly), so the figures measure the reconnect
/// machinery itself: upgrade, resubscribe, first message.
/// </summary>
[Category("Chaos")]
[NonParallelizable]
public sealed class StreamChaosTests
{
    private const int Drops = 100;
    private const int HalfOpens = 20;
    private const int Seed = 20261125;

    private static readonly string[] Tickers = [.. Enumerable.Range(0, 20).Select(i => $"T{i:00}.US")];
    private static readonly string[] Depths = [.. Enumerable.Range(0, 15).Select(i => $"{i + 1}.HK")];
    private static readonly string[] Trades = [.. Enumerable.Range(0, 15).Select(i => $"C{i:00}USDT")];

    private enum Fault
    {
        BetweenFrames,
        MidFrame,
        DuringSubscribeAck,
        DuringBackoff,
        ServerClose,
    }

    [Test]
    public async Task After_100_drops_at_random_points_every_subscription_is_resubscribed_once_and_data_flows()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.SubscribeBatchSize = 10);
        var abortOnSubscribe = 0;
        kit.Server.OnCommand = (conn, cmd) =>
        {
            if (cmd.Cmd == "subscribe" && conn.Index == Volatile.Read(ref abortOnSubscribe) && conn.Commands.Count(c => c.Cmd == "subscribe") >= 3)
            {
                conn.Abort(); // Two batches acknowledged, the third never: the drop lands inside the resubscribe.
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        var messages = Channel.CreateUnbounded<StreamMessage>();
        var reader = ReadIntoAsync(kit.Stream, messages.Writer);
        var current = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, Tickers).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Depth, Depths).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Trade, Trades).Within();
        await kit.Events.NextStateAsync(StreamState.Connected);
        var random = new Random(Seed);
        var recoveries = new List<double>();
        var backoffs = new List<double>();
        var faults = new Dictionary<Fault, int>();
        var attempts = 0;

        for (var round = 0; round < Drops; round++)
        {
            var fault = (Fault)random.Next(5);
            faults[fault] = faults.GetValueOrDefault(fault) + 1;
            var churn = Tickers[random.Next(Tickers.Length)];
            var started = Stopwatch.GetTimestamp();
            switch (fault)
            {
                case Fault.BetweenFrames:
                    await current.SendAsync(StreamFrames.Ticker(Tickers[0], 1, StreamFrames.T0));
                    current.Abort();
                    break;
                case Fault.MidFrame:
                    await current.SendPartialAsync(Encoding.UTF8.GetBytes(StreamFrames.Depth(Depths[0], StreamFrames.T0))[..40]);
                    current.Abort();
                    break;
                case Fault.DuringSubscribeAck:
                    Volatile.Write(ref abortOnSubscribe, kit.Server.ConnectionCount + 1);
                    current.Abort();
                    break;
                case Fault.DuringBackoff:
                    // The next upgrade is refused (503): the stream is dropped again while it backs off.
                    var refuseAt = kit.Server.UpgradeCount + 1;
                    kit.Server.OnUpgrade = n => n == refuseAt ? StubReply.Refuse(503, "5003") : null;
                    current.Abort();
                    break;
                default:
                    await current.CloseAsync();
                    break;
            }

            var firstBackoff = true;
            while (true)
            {
                var state = await kit.Events.NextStateAsync();
                if (state.State == StreamState.Connected)
                {
                    break;
                }

                state.State.Should().Be(StreamState.Reconnecting, $"round {round} ({fault})");
                attempts++;
                backoffs.Add(state.Delay!.Value.TotalMilliseconds);
                if (fault == Fault.DuringBackoff && firstBackoff)
                {
                    // The app changes its mind while the stream waits: unsubscribe and subscribe again.
                    await kit.Stream.UnsubscribeAsync(StreamChannel.Ticker, [churn]).Within();
                    await kit.Stream.SubscribeAsync(StreamChannel.Ticker, [churn]).Within();
                }

                firstBackoff = false;
                kit.Time.Advance(state.Delay!.Value);
            }

            do
            {
                current = await kit.Server.NextConnectionAsync();
            }
            while (current.Index != kit.Server.ConnectionCount);

            var resubscribed = current.Commands.Where(c => c.Cmd == "subscribe").ToLookup(c => c.Channel, c => c.Symbols);
            resubscribed["ticker"].SelectMany(s => s).Should().BeEquivalentTo(Tickers, $"round {round} ({fault}): each ticker subscription once");
            resubscribed["depth"].SelectMany(s => s).Should().BeEquivalentTo(Depths, $"round {round} ({fault})");
            resubscribed["trade"].SelectMany(s => s).Should().BeEquivalentTo(Trades, $"round {round} ({fault})");
            kit.Stream.State.Should().Be(StreamState.Connected);

            var marker = StreamFrames.T0 + 1 + round;
            await current.SendAsync(StreamFrames.Ticker(Tickers[round % Tickers.Length], round, marker));
            await current.SendAsync(StreamFrames.Depth(Depths[round % Depths.Length], marker));
            await current.SendAsync(StreamFrames.Trade(Trades[round % Trades.Length], marker));
            await AwaitMarkerAsync(messages.Reader, marker, 3);
            recoveries.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            kit.Server.OnUpgrade = _ => null;
        }

        kit.Stream.Subscriptions.Should().HaveCount(50).And.OnlyContain(s => s.Status == StreamSubscriptionStatus.Active);
        kit.Events.Errors.Should().BeEmpty("drops are state changes, not errors");
        await kit.Stream.DisposeAsync().AsTask().Within();
        await reader.Within();
        TestContext.Out.WriteLine(
            $"stream chaos: {Drops} drops ({string.Join(", ", faults.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}), {Drops} recoveries in {attempts} reconnect attempts, " +
            $"{kit.Server.ConnectionCount} connections; drop to first message after recovery p50 {StreamFrames.Percentile(recoveries, 50):0.0} ms, " +
            $"p95 {StreamFrames.Percentile(recoveries, 95):0.0} ms, max {recoveries.Max():0.0} ms (loopback, backoff skipped on the fake clock); " +
            $"backoff chosen p50 {StreamFrames.Percentile(backoffs, 50):0} ms, p95 {StreamFrames.Percentile(backoffs, 95):0} ms");
    }

    [Test]
    public async Task A_server_that_stops_sending_without_closing_is_detected_within_StaleTimeout_plus_one_heartbeat_20_times()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var messages = Channel.CreateUnbounded<StreamMessage>();
        var reader = ReadIntoAsync(kit.Stream, messages.Writer);
        var current = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();
        var settings = kit.Stream.Options.Streaming;
        var step = TimeSpan.FromMilliseconds(100);
        var detections = new List<double>();

        for (var round = 0; round < HalfOpens; round++)
        {
            current.Silent = true;
            var silentSince = kit.Time.GetUtcNow();

            // Just short of StaleTimeout the connection still counts as alive.
            kit.Time.Advance(settings.StaleTimeout - step);
            kit.Stream.State.Should().Be(StreamState.Connected, $"round {round}");

            // Within StaleTimeout + one heartbeat it is declared dead.
            kit.Time.Advance(settings.HeartbeatInterval + step);
            var reconnecting = await kit.Events.NextStateAsync(StreamState.Reconnecting);
            reconnecting.Exception.Should().BeOfType<MarketDataTimeoutException>().Which.Message.Should().Contain("StaleTimeout");
            detections.Add((kit.Time.GetUtcNow() - silentSince).TotalMilliseconds);
            (await current.NextCommandAsync("ping")).Cmd.Should().Be("ping", "the heartbeat kept pinging the silent server");

            kit.Time.Advance(reconnecting.Delay!.Value);
            current = await kit.Server.NextConnectionAsync();
            (await current.NextCommandAsync("subscribe")).Symbols.Should().Equal("AAPL.US");
            await kit.Events.NextStateAsync(StreamState.Connected);
            await current.SendAsync(StreamFrames.Ticker("AAPL.US", round, StreamFrames.T0 + round));
            await AwaitMarkerAsync(messages.Reader, StreamFrames.T0 + round, 1);
        }

        kit.Server.ConnectionCount.Should().Be(HalfOpens + 1);
        await kit.Stream.DisposeAsync().AsTask().Within();
        await reader.Within();
        TestContext.Out.WriteLine(
            $"half-open: {HalfOpens} silent connections, {HalfOpens} detected and reconnected; detection bound StaleTimeout {settings.StaleTimeout.TotalMilliseconds} ms + heartbeat {settings.HeartbeatInterval.TotalMilliseconds} ms (fake clock); " +
            $"advanced {detections.Max():0} ms at most before the reconnect");
    }

    /// <summary>Reads every message into <paramref name="writer"/>; an exception seen by the reader fails the awaiting test.</summary>
    private static Task ReadIntoAsync(MarketDataStream stream, ChannelWriter<StreamMessage> writer) => Task.Run(async () =>
    {
        await foreach (var message in stream.ReadAllAsync())
        {
            writer.TryWrite(message);
        }

        writer.TryComplete();
    });

    private static async Task AwaitMarkerAsync(ChannelReader<StreamMessage> reader, long marker, int count)
    {
        var seen = 0;
        while (seen < count)
        {
            var message = await reader.ReadAsync().AsTask().Within();
            if (message.Timestamp.ToUnixTimeMilliseconds() == marker)
            {
                seen++;
            }
        }
    }
}
