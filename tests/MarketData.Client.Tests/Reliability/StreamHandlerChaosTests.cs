using System.Collections.Concurrent;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using MarketData.Client.Tests.Streaming;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Faults in the app's callbacks (issue 11, item 3): a handler that stalls the receive thread or throws never stops the
/// session, loses nothing, and is not mistaken for a dead server.
/// </summary>
[Category("Chaos")]
public sealed class StreamHandlerChaosTests
{
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

        await server.SendAsync(StreamFrames.Ticker("AAPL.US", 1, StreamFrames.T0));
        await server.SendAsync(StreamFrames.Ticker("AAPL.US", 2, StreamFrames.T0));
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
            await server.SendAsync(StreamFrames.Ticker("AAPL.US", i, StreamFrames.T0));
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
}
