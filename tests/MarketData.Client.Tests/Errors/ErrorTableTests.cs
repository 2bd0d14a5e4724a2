using System.Net;

namespace MarketData.Client.Tests.Errors;

/// <summary>The public error table (<see cref="MarketDataErrors"/>): complete, consistent with ERRORS.md, one row per code.</summary>
public sealed class ErrorTableTests
{
    private static IEnumerable<ErrorCode> EveryErrorCode() => Enum.GetValues<ErrorCode>().Where(c => c != ErrorCode.Success);

    [TestCaseSource(nameof(EveryErrorCode))]
    public void Every_ErrorCode_member_has_its_own_row_with_meaning_and_advice(ErrorCode code)
    {
        var row = MarketDataErrors.Describe(code);

        row.Code.Should().Be(code, "the table must not fall back to the Unknown row for a member of ErrorCode");
        row.Meaning.Should().NotBeNullOrWhiteSpace();
        row.Recommendation.Should().NotBeNullOrWhiteSpace();
        MarketDataErrors.All.Count(r => r.Code == code).Should().Be(1, "one row per code");
    }

    [TestCaseSource(nameof(EveryErrorCode))]
    public void Every_row_raises_its_exact_type_which_belongs_to_the_row_category(ErrorCode code)
    {
        var row = MarketDataErrors.Describe(code);

        row.ExceptionType.Should().BeAssignableTo(ErrorContract.BaseTypeOf(row.Category), "{0} is in category {1}", code, row.Category);
        var ex = MarketDataErrors.CreateException(new MarketDataErrorDetails(code));
        ex.GetType().Should().Be(row.ExceptionType);
        ex.Code.Should().Be(code);
        ex.Category.Should().Be(row.Category);
        ex.IsTransient.Should().Be(row.IsTransient);
        ex.Descriptor.Should().BeSameAs(row);
    }

    [TestCaseSource(typeof(ErrorContract), nameof(ErrorContract.All))]
    public void The_table_agrees_with_ERRORS_md(ErrorContract.Row expected)
    {
        var row = MarketDataErrors.Describe(expected.Code);

        row.Code.Should().Be(expected.ErrorCode);
        row.WireCode.Should().Be(expected.Code);
        row.ExceptionType.Should().Be(expected.ExceptionType);
        row.IsTransient.Should().Be(expected.Retried);
        if (expected.Status != 400 || row.HttpStatus is not null)
        {
            row.HttpStatus.Should().Be((HttpStatusCode)expected.Status);
        }
    }

    [Test]
    public void The_contract_transcription_covers_every_service_code_of_the_table()
    {
        var serviceCodes = MarketDataErrors.All.Where(r => r.WireCode.Length > 0).Select(r => r.Code);

        serviceCodes.Should().BeEquivalentTo(ErrorContract.All.Select(r => r.ErrorCode));
    }

    [Test]
    public void Wire_codes_are_unique_and_look_up_whatever_the_spelling()
    {
        var wire = MarketDataErrors.All.Where(r => r.WireCode.Length > 0).Select(r => r.WireCode).ToList();

        wire.Should().OnlyHaveUniqueItems();
        MarketDataErrors.Describe(" 2001 ").Code.Should().Be(ErrorCode.InvalidParameters);
        MarketDataErrors.Describe("+2001").Code.Should().Be(ErrorCode.InvalidParameters);
        MarketDataErrors.Describe("002001").Code.Should().Be(ErrorCode.InvalidParameters);
        MarketDataErrors.Describe("ambiguous_symbol").Code.Should().Be(ErrorCode.AmbiguousSymbol);
    }

    [Test]
    public void Only_the_documented_codes_are_transient()
    {
        var transient = MarketDataErrors.All.Where(r => r.IsTransient).Select(r => r.Code);

        transient.Should().BeEquivalentTo(
        [
            ErrorCode.TransportFailure, ErrorCode.Timeout, ErrorCode.RateLimitExceeded, ErrorCode.SymbolRateLimited,
            ErrorCode.InternalServerError, ErrorCode.DataSourceUnavailable, ErrorCode.ServiceUnavailable,
            ErrorCode.NoDataServiceAvailable, ErrorCode.RealtimeDataUnavailable, ErrorCode.AdjustmentFactorsUnavailable,
            ErrorCode.FinancialInternalError,
        ]);
    }

    [TestCase(null, null, typeof(MarketDataException))]
    [TestCase("", 503, typeof(MarketDataServiceException))]
    [TestCase("", 429, typeof(RateLimitExceededException))]
    [TestCase("", 408, typeof(MarketDataTimeoutException))]
    [TestCase("", 401, typeof(MarketDataAuthenticationException))]
    [TestCase("", 418, typeof(InvalidRequestException))]
    [TestCase("1234", null, typeof(MarketDataAuthenticationException))]
    [TestCase("NOT_A_CODE", null, typeof(MarketDataException))]
    [TestCase("99999999999999999999999", 500, typeof(MarketDataServiceException))]
    public void Describe_falls_back_by_family_then_status_then_base(string? rawCode, int? status, Type expected)
    {
        var row = MarketDataErrors.Describe(rawCode, (HttpStatusCode?)status);

        row.ExceptionType.Should().Be(expected);
        MarketDataErrors.CreateException(new MarketDataErrorDetails(rawCode ?? string.Empty) { StatusCode = (HttpStatusCode?)status })
            .Should().BeOfType(expected);
    }

    [Test]
    public void A_value_outside_the_enum_describes_as_unknown()
    {
        MarketDataErrors.Describe((ErrorCode)123456).Code.Should().Be(ErrorCode.Unknown);
    }
}
