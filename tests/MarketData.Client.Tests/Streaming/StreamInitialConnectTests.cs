using System.Net;
using System.Net.Sockets;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Streaming;

/// <summary>
/// The first connect is bounded by InitialConnectAttempts and a caller's cancellation stops it; reconnects after the stream
/// has connected keep the unbounded policy (issue 9, item 5). Backoff and connect timeouts run on the fake clock.
/// </summary>
public sealed class StreamInitialConnectTests
{
    [Test]
    public async Task ConnectAsync_to_a_port_with_nothing_listening_throws_the_last_attempts_transport_exception_and_the_stream_is_Closed()
    {
        await using var kit = await StreamTestKit.StartAsync();
        await using var stream = new MarketDataStream(Unreachable(kit));
        var events = new StreamRecorder(stream);

        var connect = stream.ConnectAsync();
        for (var attempt = 1; attempt < 3; attempt++)
        {
            var reconnecting = await events.NextStateAsync(StreamState.Reconnecting);
            reconnecting.Attempt.Should().Be(attempt);
            reconnecting.Exception.Should().BeOfType<MarketDataTransportException>();
            kit.Time.Advance(reconnecting.Delay!.Value);
        }

        var thrown = (await FluentActions.Awaiting(() => connect.Within()).Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        var closed = await events.NextStateAsync(StreamState.Closed);
        closed.Exception.Should().BeSameAs(thrown);
        stream.State.Should().Be(StreamState.Closed);
        stream.IsRunning.Should().BeFalse("no attempt is left running");
        events.States.Count(s => s.State == StreamState.Reconnecting).Should().Be(2, "InitialConnectAttempts is 3 by default");
    }

    [Test]
    public async Task ConnectAsync_to_a_server_that_never_answers_the_upgrade_throws_the_timeout_of_the_last_attempt()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.InitialConnectAttempts = 2);
        kit.Server.OnUpgrade = _ => StubReply.Held;

        var connect = kit.Stream.ConnectAsync();
        await kit.Server.NextUpgradeAsync();
        kit.Time.Advance(TimeSpan.FromSeconds(5));
        await kit.SkipBackoffAsync();
        await kit.Server.NextUpgradeAsync();
        kit.Time.Advance(TimeSpan.FromSeconds(5));

        var thrown = (await FluentActions.Awaiting(() => connect.Within()).Should().ThrowExactlyAsync<MarketDataTimeoutException>()).Which;
        thrown.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        (await kit.Events.NextStateAsync(StreamState.Closed)).Exception.Should().BeSameAs(thrown);
        kit.Server.UpgradeCount.Should().Be(2);
    }

    [Test]
    public async Task Cancelling_ConnectAsync_stops_every_attempt_closes_the_stream_and_throws_for_the_callers_token_with_the_cause()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.InitialConnectAttempts = 100);
        kit.Server.OnUpgrade = _ => StubReply.Refuse(503, "5002");
        using var cts = new CancellationTokenSource();

        var connect = kit.Stream.ConnectAsync(cts.Token);
        (await kit.Events.NextStateAsync(StreamState.Reconnecting)).Exception.Should().BeOfType<ServiceUnavailableException>();
        await cts.CancelAsync();

        var cancelled = (await FluentActions.Awaiting(() => connect.Within()).Should().ThrowAsync<OperationCanceledException>()).Which;
        cancelled.CancellationToken.Should().Be(cts.Token);
        cancelled.InnerException.Should().BeOfType<ServiceUnavailableException>("the caller learns why it was still not connected");
        kit.Stream.State.Should().Be(StreamState.Closed);
        kit.Stream.IsRunning.Should().BeFalse();
        (await kit.Events.NextStateAsync(StreamState.Closed)).Exception.Should().BeSameAs(cancelled);

        kit.Time.Advance(TimeSpan.FromMinutes(10)); // past any backoff: nothing is left to make another attempt
        kit.Server.UpgradeCount.Should().Be(1);
        await FluentActions.Awaiting(() => kit.Stream.ConnectAsync()).Should().ThrowAsync<InvalidOperationException>();
    }

    [Test]
    public async Task Reconnects_after_the_stream_has_connected_are_not_bounded_by_InitialConnectAttempts()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.InitialConnectAttempts = 1);
        var first = await kit.ConnectAsync();
        kit.Server.OnUpgrade = n => n <= 5 ? StubReply.Refuse(503, "5002") : null;

        first.Abort();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await kit.SkipBackoffAsync()).Attempt.Should().Be(attempt);
        }

        await kit.Events.NextStateAsync(StreamState.Connected);
        kit.Server.UpgradeCount.Should().Be(6);
    }

    [Test]
    public async Task The_pools_ConnectAsync_is_bounded_the_same_way()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var options = Unreachable(kit);
        options.Streaming.InitialConnectAttempts = 1;
        await using var pool = new MarketDataStreamPool(options);

        await FluentActions.Awaiting(() => pool.ConnectAsync().Within()).Should().ThrowExactlyAsync<MarketDataTransportException>();

        pool.Connections.Should().ContainSingle().Which.State.Should().Be(StreamState.Closed);
    }

    /// <summary>The kit's options pointed at a loopback port on which nothing listens (connections are refused at once).</summary>
    private static MarketDataClientOptions Unreachable(StreamTestKit kit)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = kit.Options();
        options.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        return options;
    }
}
