using System.Net;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using MarketData.Client.Tests.Resilience;

namespace MarketData.Client.Tests.Streaming;

/// <summary>Failures of the HTTP upgrade: which exception, and whether and how long the stream waits before trying again.</summary>
public sealed class StreamUpgradeTests
{
    private static readonly object[] FatalCases =
    [
        new object[] { 401, "INVALID_TOKEN", typeof(InvalidApiKeyException) },
        new object[] { 401, "UNAUTHORIZED", typeof(ApiKeyMissingException) },
        new object[] { 403, "PERMISSION_DENIED", typeof(InsufficientPermissionsException) },
        new object[] { 401, "1001", typeof(InvalidApiKeyException) },
    ];

    [TestCaseSource(nameof(FatalCases))]
    public async Task An_authentication_refusal_closes_the_stream_without_retrying(int status, string code, Type expected)
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnUpgrade = _ => StubReply.Refuse(status, code);
        var reader = kit.Stream.ReadAllAsync().TakeAsync(1);

        var thrown = await kit.Stream.Invoking(s => s.ConnectAsync().Within()).Should().ThrowAsync<MarketDataAuthenticationException>();

        thrown.Which.Should().BeOfType(expected);
        thrown.Which.StatusCode.Should().Be((HttpStatusCode)status);
        thrown.Which.RawCode.Should().Be(code);
        thrown.Which.IsTransient.Should().BeFalse();
        kit.Stream.State.Should().Be(StreamState.Closed);
        (await reader.Invoking(r => r.Within()).Should().ThrowAsync<MarketDataAuthenticationException>()).Which.Should().BeSameAs(thrown.Which);
        kit.Time.Advance(TimeSpan.FromHours(1));
        kit.Server.UpgradeCount.Should().Be(1);
        kit.Events.States.Select(s => s.State).Should().Equal(StreamState.Connecting, StreamState.Closed);
        kit.Events.States.Last().Exception.Should().BeSameAs(thrown.Which);
    }

    [Test]
    public async Task A_key_revoked_while_connected_closes_the_stream_at_the_next_reconnect()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var first = await kit.ConnectAsync();
        kit.Server.OnUpgrade = _ => StubReply.Refuse(401, "INVALID_TOKEN");

        first.Abort();
        await kit.SkipBackoffAsync();
        var closed = await kit.Events.NextStateAsync(StreamState.Closed);

        closed.Exception.Should().BeOfType<InvalidApiKeyException>();
        kit.Time.Advance(TimeSpan.FromHours(1));
        kit.Server.UpgradeCount.Should().Be(2);
    }

    [Test]
    public async Task The_key_never_appears_in_an_upgrade_error_even_when_the_server_echoes_it()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnUpgrade = _ => new StubReply(401, $$"""{"code":"INVALID_TOKEN","message":"key {{StreamTestKit.ApiKey}} is not valid"}""");

        var thrown = await kit.Stream.Invoking(s => s.ConnectAsync().Within()).Should().ThrowAsync<InvalidApiKeyException>();

        thrown.Which.ToString().Should().NotContain(StreamTestKit.ApiKey).And.Contain("key *** is not valid");
        kit.Events.States.Should().OnlyContain(s => !s.ToString().Contains(StreamTestKit.ApiKey));
        kit.Logs.Lines.Should().NotContain(l => l.Contains(StreamTestKit.ApiKey));
    }

    [TestCase("120", 120)]
    [TestCase(null, 60)]
    public async Task Connection_limit_3003_backs_off_long_honouring_Retry_After(string? retryAfter, int expectedSeconds)
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnUpgrade = n => n == 1 ? StubReply.Refuse(429, "3003", retryAfter) : null;

        var connect = kit.Stream.ConnectAsync();
        var reconnecting = await kit.Events.NextStateAsync(StreamState.Reconnecting);

        var limit = reconnecting.Exception.Should().BeOfType<ConnectionLimitExceededException>().Subject;
        limit.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        reconnecting.Delay.Should().Be(TimeSpan.FromSeconds(expectedSeconds));
        kit.Time.Advance(TimeSpan.FromSeconds(expectedSeconds) - TimeSpan.FromMilliseconds(1));
        kit.Server.UpgradeCount.Should().Be(1);
        kit.Time.Advance(TimeSpan.FromMilliseconds(1));
        await connect.Within();
        kit.Server.UpgradeCount.Should().Be(2);
    }

    [Test]
    public async Task A_bare_429_on_the_upgrade_is_read_as_the_connection_limit()
    {
        await using var kit = await StreamTestKit.StartAsync();
        kit.Server.OnUpgrade = n => n == 1 ? new StubReply(429, null) : null;

        var connect = kit.Stream.ConnectAsync();
        var reconnecting = await kit.Events.NextStateAsync(StreamState.Reconnecting);

        reconnecting.Exception.Should().BeOfType<ConnectionLimitExceededException>();
        reconnecting.Delay.Should().Be(TimeSpan.FromSeconds(60));
        kit.Time.Advance(reconnecting.Delay!.Value);
        await connect.Within();
    }

    [Test]
    public async Task Server_errors_on_the_upgrade_are_retried_with_exponential_backoff()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.InitialConnectAttempts = 4); // three failures, then success
        kit.Server.OnUpgrade = n => n switch
        {
            1 => new StubReply(503, """{"code":5002,"message":"maintenance"}"""),
            2 => new StubReply(502, "<html><body>Bad gateway</body></html>"),
            3 => new StubReply(500, null),
            _ => null,
        };

        var connect = kit.Stream.ConnectAsync();
        var first = await kit.SkipBackoffAsync();
        var second = await kit.SkipBackoffAsync();
        var third = await kit.SkipBackoffAsync();
        await connect.Within();

        first.Exception.Should().BeOfType<ServiceUnavailableException>().Which.IsTransient.Should().BeTrue();
        second.Exception.Should().BeAssignableTo<MarketDataServiceException>().Which.As<MarketDataException>().Details.BodyExcerpt.Should().Contain("Bad gateway");
        third.Exception.Should().BeAssignableTo<MarketDataServiceException>();
        new[] { first.Attempt, second.Attempt, third.Attempt }.Should().Equal(1, 2, 3);
        // Polly's exponential backoff with jitter from 1 s: the waits add up to about 1 s, 2 s, 4 s (see PollyJitter).
        var waits = new[] { first.Delay!.Value, second.Delay!.Value, third.Delay!.Value };
        for (var k = 1; k <= 3; k++)
        {
            var (min, max) = PollyJitter.Cumulative(k, TimeSpan.FromSeconds(1));
            waits.Take(k).Aggregate(TimeSpan.Zero, (sum, w) => sum + w).Should().BeGreaterThanOrEqualTo(min, "the first {0} waits", k).And.BeLessThanOrEqualTo(max, "the first {0} waits", k);
        }
        kit.Server.UpgradeCount.Should().Be(4);
        kit.Stream.State.Should().Be(StreamState.Connected);
    }

    [Test]
    public async Task Reconnect_waits_are_jittered_yet_never_longer_than_ReconnectMaxDelay()
    {
        await using var kit = await StreamTestKit.StartAsync(o =>
        {
            o.Streaming.InitialConnectAttempts = 13; // twelve failures, then success
            o.Streaming.ReconnectBaseDelay = TimeSpan.FromSeconds(1);
            o.Streaming.ReconnectMaxDelay = TimeSpan.FromSeconds(1);
        });
        kit.Server.OnUpgrade = n => n <= 12 ? new StubReply(503, null) : null;

        var connect = kit.Stream.ConnectAsync();
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            waits.Add((await kit.SkipBackoffAsync()).Delay!.Value);
        }

        await connect.Within();
        waits.Should().OnlyContain(w => w > TimeSpan.Zero && w <= TimeSpan.FromSeconds(1), "Polly caps after the jitter, so no client waits longer than ReconnectMaxDelay");
        kit.Server.UpgradeCount.Should().Be(13);
    }

    [Test]
    public async Task A_refused_network_connection_is_a_transient_transport_error()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var options = kit.Options();
        options.BaseAddress = new Uri("http://127.0.0.1:1");
        await using var stream = new MarketDataStream(options);
        var events = new StreamRecorder(stream);

        var connect = stream.ConnectAsync();
        var reconnecting = await events.NextStateAsync(StreamState.Reconnecting);

        reconnecting.Exception.Should().BeOfType<MarketDataTransportException>().Which.IsTransient.Should().BeTrue();
        connect.IsCompleted.Should().BeFalse();
    }
}
