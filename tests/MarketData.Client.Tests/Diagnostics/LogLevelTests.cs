using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Tests.Diagnostics;

/// <summary>
/// Azure's rule for log levels: a failure the SDK throws to the caller is Warning at most (Information when the caller
/// caused it), so a handled exception never produces a <c>fail:</c> line; Error is for what the SDK swallows.
/// </summary>
public sealed class LogLevelTests : StubFixture
{
    private const int RequestFailed = 1003;

    public sealed record Case(string Name, StubReply Reply, Type Exception, LogLevel Level)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<TestCaseData> Failures()
    {
        Case[] cases =
        [
            new("symbol not found (2002)", StubReply.Error(404, 2002, "no such symbol"), typeof(SymbolNotFoundException), LogLevel.Information),
            new("invalid parameters (2001)", StubReply.Error(400, 2001, "bad"), typeof(InvalidParametersException), LogLevel.Information),
            new("invalid API key (1001)", StubReply.Error(401, 1001, "bad key"), typeof(InvalidApiKeyException), LogLevel.Warning),
            new("rate limited (3001)", StubReply.Error(429, 3001, "slow down"), typeof(RateLimitExceededException), LogLevel.Warning),
            new("internal error (5000)", StubReply.Error(500, 5000, "oops"), typeof(InternalServerErrorException), LogLevel.Warning),
            new("malformed reply", new StubReply(200, """{"code":0,"data":"x"}"""), typeof(MarketDataTransportException), LogLevel.Warning),
        ];
        return cases.Select(c => new TestCaseData(c).SetName("A failure thrown to the caller is logged at " + c.Level + ": " + c.Name));
    }

    [TestCaseSource(nameof(Failures))]
    public async Task A_failure_thrown_to_the_caller_is_never_logged_at_Error(Case c)
    {
        Stub.OnGet("/v1/market/ticker", c.Reply);
        var logs = new LogCapture();
        using var client = Stub.CreateClient(o =>
        {
            o.LoggerFactory = logs.CreateFactory();
            o.Resilience.Enabled = false;
        });

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        (await act.Should().ThrowAsync<MarketDataException>()).Which.Should().BeOfType(c.Exception);
        logs.Records.Should().ContainSingle(r => r.EventId == RequestFailed).Which.Level.Should().Be(c.Level);
        logs.Records.Should().NotContain(r => r.Level >= LogLevel.Error, "the caller got the exception and decides whether it matters");
    }

    [Test]
    public async Task A_caught_SymbolNotFoundException_logs_one_Information_entry_and_nothing_at_Warning_or_above()
    {
        Stub.OnGet("/v1/market/ticker", StubReply.Error(404, 2002, "no such symbol"));
        var logs = new LogCapture();
        using var client = Stub.CreateClient(o => o.LoggerFactory = logs.CreateFactory());

        try
        {
            await client.GetTickersAsync(["NOPE.US"]);
            Assert.Fail("the call should have thrown");
        }
        catch (SymbolNotFoundException)
        {
            // The app handles it: no alert must fire.
        }

        logs.Records.Where(r => r.Level >= LogLevel.Warning).Should().BeEmpty("a symbol the caller got wrong is the caller's business");
        logs.Records.Should().ContainSingle(r => r.EventId == RequestFailed).Which.Level.Should().Be(LogLevel.Information);
    }
}
