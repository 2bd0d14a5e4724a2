using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Streaming;

/// <summary>
/// The excerpt of a body the stream could not use (a malformed frame, a refused upgrade's HTML page) is redacted before
/// it is cut: a key that straddles the cut leaves not even its head in the excerpt, the message or ToString. The REST
/// path is covered by ApiKeySecrecyTests ("an HTML 502 with the key across the excerpt cut").
/// </summary>
[Category("Security")]
public sealed class StreamExcerptSecrecyTests
{
    private static IEnumerable<TestCaseData> KeysAtTheCut()
    {
        // "<html>" and 180 characters put the key across a cut at 200 characters (the stream's cut before it shared the
        // REST excerpt, which cut first and redacted after); two-byte characters do the same with a byte window.
        yield return new TestCaseData(new string('x', 180), SentinelKey.Value).SetName("{m}(the key after 186 ASCII characters)");
        yield return new TestCaseData(new string('é', 180), SentinelKey.Value).SetName("{m}(the key after 186 characters, 180 of two bytes)");
        yield return new TestCaseData(new string('x', 180), SentinelKey.Escaped).SetName("{m}(the escaped key after 186 ASCII characters)");
    }

    [TestCaseSource(nameof(KeysAtTheCut))]
    public async Task A_malformed_frame_that_carries_the_key_at_the_cut_is_redacted(string filler, string key)
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.ApiKey = SentinelKey.Value);
        var server = await kit.ConnectAsync();

        await server.SendAsync(Page(filler, key));
        await server.SendAsync("""{"cmd":"ticker","data":{"symbol":"AFTER","last_price":"1","timestamp":1703123456789}}""");
        (await kit.Stream.ReadAllAsync().TakeAsync(1))[0].Symbol.Should().Be("AFTER");

        var error = kit.Events.Errors.Should().ContainSingle().Which.Exception.Should().BeOfType<MarketDataTransportException>().Subject;
        AssertRedacted(error);
        error.BodyExcerpt.Should().StartWith("<html>" + filler[..10]).And.EndWith("...");
    }

    [TestCaseSource(nameof(KeysAtTheCut))]
    public async Task A_refused_upgrade_whose_page_carries_the_key_at_the_cut_is_redacted(string filler, string key)
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.ApiKey = SentinelKey.Value);
        kit.Server.OnUpgrade = n => n == 1 ? new StubReply(502, Page(filler, key)) : null;

        var connect = kit.Stream.ConnectAsync();
        var reconnecting = await kit.SkipBackoffAsync();
        await connect.Within();

        var error = reconnecting.Exception.Should().BeAssignableTo<MarketDataServiceException>().Subject;
        AssertRedacted(error);
        error.Details.BodyExcerpt.Should().StartWith("<html>" + filler[..10]).And.EndWith("...");
        kit.Logs.Lines.Where(SentinelKey.Leaks).Should().BeEmpty();
    }

    /// <summary>An HTML page with the key after <paramref name="filler"/> and enough text after it to be cut away.</summary>
    private static string Page(string filler, string key) => "<html>" + filler + key + " " + new string('y', 300) + "</html>";

    private static void AssertRedacted(MarketDataException error)
    {
        new[] { error.Details.BodyExcerpt, error.Message, error.ToString() }.Where(SentinelKey.Leaks).Should().BeEmpty();
        error.Details.BodyExcerpt.Should().Contain("***", "the key was there and is masked, not cut in half");
    }
}
