using System.Net;
using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Errors;

/// <summary>
/// Every code of both ERRORS.md tables, sent by a loopback stub as a JSON number, as a JSON string, and under HTTP 200,
/// reaches the caller as its exact exception type with Code, RawCode, StatusCode, ServerMessage and RequestPath.
/// Retries are off so each case is one request.
/// </summary>
public sealed class ErrorReplyTests : StubFixture
{
    private const string Path = "/v1/market/ticker";

    public enum Spelling
    {
        Number,
        String,
        StringUnderHttp200,
    }

    private static IEnumerable<TestCaseData> EveryCode()
    {
        foreach (var row in ErrorContract.All)
        {
            foreach (var spelling in Enum.GetValues<Spelling>())
            {
                if (spelling == Spelling.Number && !row.IsNumeric)
                {
                    continue;
                }

                yield return new TestCaseData(row, spelling).SetName($"Code {row.Code} sent as {spelling} becomes {row.ExceptionType.Name}");
            }
        }
    }

    [TestCaseSource(nameof(EveryCode))]
    public async Task Every_documented_code_becomes_its_exception(ErrorContract.Row row, Spelling spelling)
    {
        var status = spelling == Spelling.StringUnderHttp200 ? 200 : row.Status;
        var codeJson = spelling == Spelling.Number ? row.Code : Envelope.Quote(row.Code);
        var message = $"server message for {row.Code}";
        Stub.OnGet(Path, new StubReply(status, Envelope.Error(codeJson, message)));

        var ex = await CallAndCatchAsync();

        ex.GetType().Should().Be(row.ExceptionType);
        ex.Code.Should().Be(row.ErrorCode);
        ex.RawCode.Should().Be(row.Code);
        ex.StatusCode.Should().Be((HttpStatusCode)status);
        ex.ServerMessage.Should().Be(message);
        ex.RequestPath.Should().Be(Path);
        ex.IsTransient.Should().Be(row.Retried);
        ex.Should().BeAssignableTo(ErrorContract.BaseTypeOf(ex.Category));
        ex.Recommendation.Should().NotBeNullOrWhiteSpace().And.Be(MarketDataErrors.Describe(row.ErrorCode).Recommendation);
        ex.Message.Should().Contain(row.Code).And.Contain(message);
        Stub.Received.Should().ContainSingle();
    }

    [TestCase("""{"code": "2001", "message": "symbol parameter is required", "error": "2001"}""", TestName = "The documented envelope with both code and error")]
    [TestCase("""{"error": "2001", "message": "symbol parameter is required"}""", TestName = "A code sent only in the error field")]
    [TestCase("""{"code": " 2001 ", "message": "symbol parameter is required"}""", TestName = "A code string with blanks")]
    [TestCase("""{"code": 2001.0, "message": "symbol parameter is required"}""", TestName = "A code sent as a floating-point number")]
    [TestCase("""{"msg": "symbol parameter is required", "code": 2001, "extra": {"nested": [1, 2]}}""", TestName = "A code after unknown fields, message as msg")]
    [TestCase("""{"code": 2001, "error": "symbol parameter is required"}""", TestName = "A message sent as error next to the code")]
    public async Task Variant_envelopes_of_2001_become_InvalidParametersException(string body)
    {
        Stub.OnGet(Path, new StubReply(400, body));

        var ex = await CallAndCatchAsync();

        ex.Should().BeOfType<InvalidParametersException>();
        ex.RawCode.Should().Be("2001");
        ex.ServerMessage.Should().Be("symbol parameter is required");
    }

    [Test]
    public async Task Ambiguous_symbol_lists_the_available_types()
    {
        Stub.OnGet(Path, new StubReply(400, Envelope.Error("\"AMBIGUOUS_SYMBOL\"", "Symbol matches several types", """{"available_types": ["stock", "indices", "warrant"]}""")));

        var ex = await CallAndCatchAsync();

        var ambiguous = ex.Should().BeOfType<AmbiguousSymbolException>().Subject;
        ambiguous.AvailableTypes.Should().Equal(SymbolType.Stock, SymbolType.Indices, new SymbolType("warrant"));
        ambiguous.AvailableTypes[2].IsKnown.Should().BeFalse("a type the SDK does not know stays readable");
        ambiguous.Details.Data.Should().NotBeNull();
    }

    [Test]
    public async Task Ambiguous_symbol_without_data_has_no_available_types()
    {
        Stub.OnGet(Path, StubReply.Error(400, "AMBIGUOUS_SYMBOL", "pass a type"));

        var ex = await CallAndCatchAsync();

        ex.Should().BeOfType<AmbiguousSymbolException>().Which.AvailableTypes.Should().BeEmpty();
    }

    [Test]
    public async Task Realtime_data_unavailable_carries_the_partial_result()
    {
        const string data = """{"channel": "ticker", "symbols": ["AAPL.US"], "failed_symbols": ["700.HK", "9988.HK"], "retryable_symbols": ["700.HK"], "retryable": true}""";
        Stub.OnGet(Path, new StubReply(503, Envelope.Error("5004", "Real-time data temporarily unavailable", data)));

        var ex = await CallAndCatchAsync();

        var partial = ex.Should().BeOfType<RealtimeDataUnavailableException>().Subject;
        partial.Channel.Should().Be("ticker");
        partial.SubscribedSymbols.Should().Equal("AAPL.US");
        partial.FailedSymbols.Should().Equal("700.HK", "9988.HK");
        partial.RetryableSymbols.Should().Equal("700.HK");
        partial.Retryable.Should().BeTrue();
    }

    [Test]
    public async Task Rate_limit_exceeded_carries_Retry_After()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001, "slow down").RetryAfter("7"));

        var ex = await CallAndCatchAsync();

        ex.Should().BeOfType<RateLimitExceededException>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        ex.Message.Should().Contain("7 s");
    }

    [TestCase("1999", 400, typeof(MarketDataAuthenticationException), TestName = "Unknown 1xxx falls back to MarketDataAuthenticationException")]
    [TestCase("2999", 500, typeof(InvalidRequestException), TestName = "Unknown 2xxx falls back to InvalidRequestException whatever the status")]
    [TestCase("3999", 400, typeof(RateLimitingException), TestName = "Unknown 3xxx falls back to RateLimitingException")]
    [TestCase("4999", 400, typeof(StreamingException), TestName = "Unknown 4xxx falls back to StreamingException")]
    [TestCase("5999", 400, typeof(MarketDataServiceException), TestName = "Unknown 5xxx falls back to MarketDataServiceException")]
    [TestCase("7777", 503, typeof(MarketDataServiceException), TestName = "Unknown code of no family under 503 falls back to MarketDataServiceException")]
    [TestCase("7777", 401, typeof(MarketDataAuthenticationException), TestName = "Unknown code of no family under 401 falls back to MarketDataAuthenticationException")]
    [TestCase("7777", 403, typeof(MarketDataAuthenticationException), TestName = "Unknown code of no family under 403 falls back to MarketDataAuthenticationException")]
    [TestCase("7777", 404, typeof(InvalidRequestException), TestName = "Unknown code of no family under 404 falls back to InvalidRequestException")]
    [TestCase("7777", 200, typeof(MarketDataException), TestName = "Unknown code of no family under 200 falls back to the base type")]
    [TestCase("\"BRAND_NEW_ERROR\"", 429, typeof(RateLimitExceededException), TestName = "Unknown symbolic code under 429 is a rate limit")]
    [TestCase("\"BRAND_NEW_ERROR\"", 502, typeof(MarketDataServiceException), TestName = "Unknown symbolic code under 502 falls back to MarketDataServiceException")]
    [TestCase("\"BRAND_NEW_ERROR\"", 200, typeof(MarketDataException), TestName = "Unknown symbolic code under 200 falls back to the base type")]
    [TestCase("400", 400, typeof(InvalidRequestException), TestName = "An HTTP-like code 400 is a request error")]
    [TestCase("401", 401, typeof(MarketDataAuthenticationException), TestName = "An HTTP-like code 401 is an authentication error")]
    [TestCase("40002", 400, typeof(InvalidRequestException), TestName = "An unknown five-digit 400xx code is a request error")]
    [TestCase("50309", 200, typeof(MarketDataServiceException), TestName = "An unknown five-digit 503xx code is a service error")]
    public async Task Unknown_codes_fall_back_by_family_then_status_then_base_type(string codeJson, int status, Type expected)
    {
        Stub.OnGet(Path, new StubReply(status, Envelope.Error(codeJson, "new error")));

        var ex = await CallAndCatchAsync();

        ex.GetType().Should().Be(expected);
        ex.RawCode.Should().Be(codeJson.Trim('"'), "an unknown code is kept verbatim");
        ex.ServerMessage.Should().Be("new error");
        ex.StatusCode.Should().Be((HttpStatusCode)status);
    }

    [Test]
    public async Task Every_endpoint_surfaces_a_server_error_as_its_typed_exception()
    {
        Stub.On("GET", "/*", StubReply.Error(503, 5001, "data source down"));
        Stub.On("DELETE", "/*", StubReply.Error(503, 5001, "data source down"));
        using var client = Stub.CreateClient(o => o.Resilience.Enabled = false);
        var calls = EveryEndpoint.Calls(client);

        foreach (var (name, call) in calls)
        {
            var act = call;
            var ex = (await act.Should().ThrowExactlyAsync<DataSourceUnavailableException>(name)).Which;
            ex.ServerMessage.Should().Be("data source down", name);
        }

        Stub.Received.Should().HaveCount(calls.Count);
    }

    private async Task<MarketDataException> CallAndCatchAsync()
    {
        using var client = Stub.CreateClient(o => o.Resilience.Enabled = false);
        var act = () => client.GetTickersAsync(["AAPL.US"]);
        return (await act.Should().ThrowAsync<MarketDataException>()).Which;
    }
}
