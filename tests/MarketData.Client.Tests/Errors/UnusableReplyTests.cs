using System.Net;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Errors;

/// <summary>
/// Replies that are not the envelope at all (a proxy's HTML, an empty or cut-off body, data of the wrong shape, a
/// dropped connection) still reach the caller as typed exceptions with the status and an excerpt; never as a raw
/// JsonException, HttpRequestException, InvalidOperationException or the like.
/// </summary>
public sealed class UnusableReplyTests : StubFixture
{
    private const string Path = "/v1/market/ticker";
    private const string ProxyPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    [Test]
    public async Task An_HTML_502_from_a_proxy_is_a_transient_service_error_with_an_excerpt()
    {
        Stub.OnGet(Path, new StubReply(502, ProxyPage, "text/html"));

        var ex = await CallAndCatchAsync<MarketDataServiceException>();

        ex.GetType().Should().Be(typeof(MarketDataServiceException), "with no code in the body the status decides (ERRORS.md)");
        ex.RawCode.Should().BeEmpty();
        ex.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        ex.Details.BodyExcerpt.Should().Contain("502 Bad Gateway");
        ex.IsTransient.Should().BeTrue();
        ex.RequestPath.Should().Be(Path);
        ex.Message.Should().Contain("HTTP 502").And.Contain("502 Bad Gateway");
    }

    [Test]
    public async Task A_long_non_JSON_body_is_cut_to_a_short_excerpt()
    {
        Stub.OnGet(Path, new StubReply(503, "<html>" + new string('x', 100_000) + "</html>", "text/html"));

        var ex = await CallAndCatchAsync<MarketDataServiceException>();

        ex.Details.BodyExcerpt!.Length.Should().BeLessThan(300);
        ex.Message.Length.Should().BeLessThan(1000);
    }

    [TestCase(255, TestName = "The excerpt of a long page is not cut inside a surrogate pair")]
    [TestCase(199, TestName = "The excerpt in the message is not cut inside a surrogate pair")]
    public async Task A_long_page_is_cut_between_characters(int before)
    {
        // An emoji is a surrogate pair: placed across the excerpt's cut (256) or the message's (200) it must go whole or not at all.
        Stub.OnGet(Path, new StubReply(503, new string('x', before) + "\U0001F600" + new string('y', 400), "text/html"));

        var ex = await CallAndCatchAsync<MarketDataServiceException>();

        ex.Details.BodyExcerpt.Should().StartWith(new string('x', before)).And.EndWith("...");
        HasLoneSurrogate(ex.Details.BodyExcerpt!).Should().BeFalse();
        HasLoneSurrogate(ex.Message).Should().BeFalse();
    }

    [TestCase(500, typeof(MarketDataServiceException), true)]
    [TestCase(502, typeof(MarketDataServiceException), true)]
    [TestCase(503, typeof(MarketDataServiceException), true)]
    [TestCase(429, typeof(RateLimitExceededException), true)]
    [TestCase(401, typeof(MarketDataAuthenticationException), false)]
    [TestCase(403, typeof(MarketDataAuthenticationException), false)]
    [TestCase(404, typeof(InvalidRequestException), false)]
    public async Task An_empty_error_reply_is_classified_by_its_status(int status, Type expected, bool transient)
    {
        Stub.OnGet(Path, new StubReply(status, null));

        var ex = await CallAndCatchAsync<MarketDataException>();

        ex.GetType().Should().Be(expected);
        ex.StatusCode.Should().Be((HttpStatusCode)status);
        ex.RawCode.Should().BeEmpty();
        ex.IsTransient.Should().Be(transient);
    }

    [Test]
    public async Task A_cut_off_JSON_body_under_200_is_a_transport_error()
    {
        Stub.OnGet(Path, new StubReply(200, """{"code":0,"message":"success","data":[{"symbol":"AAPL.US","last_pr"""));

        var ex = await CallAndCatchAsync<MarketDataTransportException>();

        ex.Code.Should().Be(ErrorCode.TransportFailure);
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.BodyExcerpt.Should().StartWith("""{"code":0""");
        ex.IsTransient.Should().BeFalse();
    }

    [Test]
    public async Task A_cut_off_JSON_body_under_500_is_a_transient_service_error_with_the_excerpt()
    {
        Stub.OnGet(Path, new StubReply(500, """{"code":5000,"message":"boom","da"""));

        var ex = await CallAndCatchAsync<MarketDataServiceException>();

        ex.GetType().Should().Be(typeof(MarketDataServiceException));
        ex.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        ex.Details.BodyExcerpt.Should().StartWith("""{"code":5000""");
        ex.IsTransient.Should().BeTrue();
    }

    [TestCase("""{"code":0,"message":"success","data":null}""", TestName = "200 with data null is malformed")]
    [TestCase("""{"code":0,"message":"success"}""", TestName = "200 without data is malformed")]
    [TestCase("""{"message":"success","data":[]}""", TestName = "200 without a code is malformed")]
    [TestCase("""{"code":0,"data":"not a list"}""", TestName = "200 with data of the wrong shape is malformed")]
    [TestCase("""{"code":0,"data":[{"symbol":"AAPL.US","last_price":"abc","timestamp":1}]}""", TestName = "200 with a price that is not a number is malformed")]
    [TestCase("""{"code":0,"data":[{"symbol":"AAPL.US","last_price":"1e999999","timestamp":1}]}""", TestName = "200 with a price out of decimal range is malformed")]
    [TestCase("""{"code":0,"data":[{"symbol":"AAPL.US","last_price":"1","timestamp":99999999999999999}]}""", TestName = "200 with a timestamp out of range is malformed")]
    [TestCase("""{"code":0,"data":[{"symbol":"AAPL.US","last_price":"1","timestamp":"yesterday"}]}""", TestName = "200 with a timestamp that is not one is malformed")]
    [TestCase("""{"code":0,"data":[{"symbol":"AAPL.US","last_price":{"v":1}}]}""", TestName = "200 with an object where a price belongs is malformed")]
    public async Task A_success_reply_that_does_not_match_the_contract_is_a_typed_error(string body)
    {
        Stub.OnGet(Path, new StubReply(200, body));

        var ex = await CallAndCatchAsync<MarketDataTransportException>();

        ex.Code.Should().BeOneOf(ErrorCode.MalformedResponse, ErrorCode.TransportFailure);
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.IsTransient.Should().BeFalse("the same reply would come again");
    }

    [TestCase("", TestName = "An empty 200 is a transport error")]
    [TestCase("[1,2,3]", TestName = "A 200 whose body is a JSON array is a transport error")]
    [TestCase("OK", TestName = "A 200 whose body is plain text is a transport error")]
    [TestCase("\"just a string\"", TestName = "A 200 whose body is a JSON string is a transport error")]
    public async Task A_success_status_without_an_envelope_is_a_transport_error(string body)
    {
        Stub.OnGet(Path, new StubReply(200, body, "text/plain"));

        var ex = await CallAndCatchAsync<MarketDataTransportException>();

        ex.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Code_0_under_an_error_status_trusts_the_status()
    {
        Stub.OnGet(Path, new StubReply(503, """{"code":0,"message":"maintenance","data":[]}"""));

        var ex = await CallAndCatchAsync<MarketDataServiceException>();

        ex.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        ex.ServerMessage.Should().Be("maintenance");
    }

    [Test]
    public async Task A_body_over_MaxResponseBytes_is_refused_with_a_transport_error()
    {
        var big = StubReply.Ok("[" + string.Join(',', Enumerable.Repeat("""{"symbol":"AAPL.US","last_price":"1","timestamp":1}""", 200)) + "]");
        Stub.OnGet(Path, big);

        var ex = await CallAndCatchAsync<MarketDataTransportException>(o => o.MaxResponseBytes = 4096);

        ex.Code.Should().Be(ErrorCode.TransportFailure);
        ex.IsTransient.Should().BeFalse();
        ex.Message.Should().Contain("4096");
    }

    [TestCase(null, TestName = "A connection closed before any reply is a transient transport error")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"code\":0,\"data\":[", TestName = "A connection closed in the middle of the body is a transient transport error")]
    [TestCase("HTTP/1.1 200 O", TestName = "A connection closed in the middle of the status line is a transient transport error")]
    public async Task A_dropped_connection_is_a_transient_transport_error(string? partialReply)
    {
        Stub.ReplyRaw(_ => partialReply);
        using var client = Stub.CreateClient(o => o.Resilience.Enabled = false);

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        ex.Code.Should().Be(ErrorCode.TransportFailure);
        ex.IsTransient.Should().BeTrue();
        ex.InnerException.Should().Match<Exception>(e => e is HttpRequestException || e is IOException);
        Stub.Requests.Should().Be(1);
    }

    [Test]
    public async Task A_refused_connection_is_a_transient_transport_error()
    {
        using var client = LoopbackServer.ClientFor(LoopbackServer.ClosedAddress(), o => o.Resilience.Enabled = false);

        var act = () => client.GetTickersAsync(["AAPL.US"]);

        var ex = (await act.Should().ThrowExactlyAsync<MarketDataTransportException>()).Which;
        ex.IsTransient.Should().BeTrue();
        ex.StatusCode.Should().BeNull();
        ex.RequestPath.Should().Be(Path);
    }

    private static bool HasLoneSurrogate(string text) =>
        text.Select((c, i) => char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(text[i - 1]))).Contains(false);

    private async Task<T> CallAndCatchAsync<T>(Action<MarketDataClientOptions>? configure = null)
        where T : MarketDataException
    {
        using var client = Stub.CreateClient(o =>
        {
            o.Resilience.Enabled = false;
            configure?.Invoke(o);
        });
        var act = () => client.GetTickersAsync(["AAPL.US"]);
        var ex = (await act.Should().ThrowAsync<MarketDataException>()).Which;
        ex.Should().BeAssignableTo<T>();
        Stub.Received.Should().ContainSingle();
        return (T)ex;
    }
}
