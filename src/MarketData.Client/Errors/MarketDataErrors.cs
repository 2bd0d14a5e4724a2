using System.Collections.Frozen;
using System.Globalization;
using System.Net;

namespace MarketData.Client;

/// <summary>
/// The error table: every code the service can send, the exception it becomes, whether it is retried,
/// what it means and what to do. This is the only place where a code becomes an exception.
/// </summary>
public static class MarketDataErrors
{
    private const HttpStatusCode Ws = 0;

    private static readonly ErrorDescriptor[] Rows =
    [
        // SDK-side codes (never sent by the service).
        Row<MarketDataException>(ErrorCode.Unknown, "", ErrorCategory.Unknown, null, false, d => new MarketDataException(d),
            "unrecognised error", "inspect RawCode, StatusCode and ServerMessage; report it if it persists"),
        Row<MarketDataTransportException>(ErrorCode.TransportFailure, "", ErrorCategory.Transport, null, true, d => new MarketDataTransportException(d),
            "no usable reply (network failure, or a body that is not JSON or is cut off)", "check connectivity and proxies; the SDK retries idempotent requests"),
        Row<MarketDataTimeoutException>(ErrorCode.Timeout, "", ErrorCategory.Transport, null, true, d => new MarketDataTimeoutException(d, TimeSpan.Zero),
            "no reply within the time limit", "raise the timeout or retry later"),
        Row<MarketDataTransportException>(ErrorCode.MalformedResponse, "", ErrorCategory.Transport, null, false, d => new MarketDataTransportException(d),
            "the reply is JSON but not of the documented shape", "report it: the server and the SDK disagree on the contract"),
        Row<StreamMessagesDroppedException>(ErrorCode.MessagesDropped, "", ErrorCategory.Streaming, null, false, d => new StreamMessagesDroppedException(d, 0, string.Empty),
            "the stream discarded pushes it had received (held back during a resubscribe beyond their bound, or lost when the connection failed before the resubscribe was answered)", "read DroppedCount; raise BufferCapacity or read faster, and fetch a snapshot over HTTP if every update matters"),

        // The original table.
        Row<InvalidApiKeyException>(ErrorCode.InvalidApiKey, "1001", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, d => new InvalidApiKeyException(d),
            "invalid or expired API key (wrong, disabled, expired)", "check the API key"),
        Row<ApiKeyMissingException>(ErrorCode.ApiKeyMissing, "1002", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, d => new ApiKeyMissingException(d),
            "API key not provided", "set MarketDataClientOptions.ApiKey (sent as X-API-Key, or ?api_key= on the WebSocket URL)"),
        Row<IpNotWhitelistedException>(ErrorCode.IpNotWhitelisted, "1003", ErrorCategory.Authentication, HttpStatusCode.Forbidden, false, d => new IpNotWhitelistedException(d),
            "caller IP not in the key's whitelist", "ask the admin to whitelist the IP"),
        Row<InsufficientPermissionsException>(ErrorCode.InsufficientPermissions, "1004", ErrorCategory.Authentication, HttpStatusCode.Forbidden, false, d => new InsufficientPermissionsException(d),
            "insufficient permissions for this plan", "upgrade plan or contact admin"),
        Row<InvalidParametersException>(ErrorCode.InvalidParameters, "2001", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, d => new InvalidParametersException(d),
            "invalid parameters", "check the request parameters"),
        Row<SymbolNotFoundException>(ErrorCode.SymbolNotFound, "2002", ErrorCategory.InvalidRequest, HttpStatusCode.NotFound, false, d => new SymbolNotFoundException(d),
            "symbol not found", "list symbols with ListAvailableSymbolsAsync (GET /v1/symbols/available)"),
        Row<InvalidTimeRangeException>(ErrorCode.InvalidTimeRange, "2003", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, d => new InvalidTimeRangeException(d),
            "invalid time range (start > end, bad format, range too long)", "check start and end (Unix ms, start < end)"),
        Row<RequestLimitExceededException>(ErrorCode.RequestLimitExceeded, "2004", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, d => new RequestLimitExceededException(d),
            "request limit exceeded", "lower limit (usually at most 1000)"),
        Row<RateLimitExceededException>(ErrorCode.RateLimitExceeded, "3001", ErrorCategory.RateLimiting, HttpStatusCode.TooManyRequests, true, d => new RateLimitExceededException(d),
            "rate limit exceeded", "slow down; the SDK waits the Retry-After header, then retries"),
        Row<QuotaExhaustedException>(ErrorCode.QuotaExhausted, "3002", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new QuotaExhaustedException(d),
            "quota exhausted", "wait for the quota reset or upgrade"),
        Row<ConnectionLimitExceededException>(ErrorCode.ConnectionLimitExceeded, "3003", ErrorCategory.RateLimiting, HttpStatusCode.TooManyRequests, false, d => new ConnectionLimitExceededException(d),
            "connection limit exceeded", "close connections: GetConnectionsAsync, CloseConnectionAsync"),
        Row<SubscriptionLimitExceededException>(ErrorCode.SubscriptionLimitExceeded, "3004", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new SubscriptionLimitExceededException(d),
            "subscription limit exceeded", "unsubscribe some channels first"),
        Row<UnknownCommandException>(ErrorCode.UnknownCommand, "4001", ErrorCategory.Streaming, Ws, false, d => new UnknownCommandException(d),
            "unknown command (supported: subscribe, unsubscribe, ping)", "check the cmd field"),
        Row<InvalidMessageFormatException>(ErrorCode.InvalidMessageFormat, "4002", ErrorCategory.Streaming, Ws, false, d => new InvalidMessageFormatException(d),
            "invalid message format", "send valid JSON with the required fields"),
        Row<DepthSubscriptionUnavailableException>(ErrorCode.DepthSubscriptionUnavailable, "4003", ErrorCategory.Streaming, Ws, false, d => new DepthSubscriptionUnavailableException(d),
            "depth subscription unavailable", "use the HTTP depth endpoint (GetDepthAsync)"),
        Row<TradeSubscriptionUnavailableException>(ErrorCode.TradeSubscriptionUnavailable, "4004", ErrorCategory.Streaming, Ws, false, d => new TradeSubscriptionUnavailableException(d),
            "trade subscription unavailable", "use the HTTP trades endpoint (GetTradesAsync)"),
        Row<InternalServerErrorException>(ErrorCode.InternalServerError, "5000", ErrorCategory.Service, HttpStatusCode.InternalServerError, true, d => new InternalServerErrorException(d),
            "internal server error", "retry later; contact support if it persists"),
        Row<DataSourceUnavailableException>(ErrorCode.DataSourceUnavailable, "5001", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, d => new DataSourceUnavailableException(d),
            "data source unavailable", "retry later"),
        Row<ServiceUnavailableException>(ErrorCode.ServiceUnavailable, "5002", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, d => new ServiceUnavailableException(d),
            "service temporarily unavailable (maintenance)", "retry later"),

        // The later revision.
        Row<InvalidApiKeyException>(ErrorCode.ApiKeyExpired, "1005", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, d => new InvalidApiKeyException(d),
            "API key has expired", "renew the API key"),
        Row<InvalidRequestException>(ErrorCode.SymbolFormatUnsupported, "2005", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, d => new InvalidRequestException(d),
            "symbol format unsupported", "use a documented symbol spelling (AAPL.US, 700.HK, 600000.SH, EURUSD)"),
        Row<InvalidRequestException>(ErrorCode.SymbolTypeConflict, "2006", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, d => new InvalidRequestException(d),
            "symbol suffix conflicts with the requested type", "drop the type or fix the symbol suffix"),
        Row<InvalidRequestException>(ErrorCode.CompressionRequired, "2008", ErrorCategory.InvalidRequest, HttpStatusCode.NotAcceptable, false, d => new InvalidRequestException(d),
            "full-market request without HTTP compression", "enable automatic decompression on the HttpClient handler"),
        Row<AmbiguousSymbolException>(ErrorCode.AmbiguousSymbol, "AMBIGUOUS_SYMBOL", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, d => new AmbiguousSymbolException(d),
            "symbol matches several product types", "resend with type set to one of AvailableTypes"),
        Row<RateLimitingException>(ErrorCode.SymbolRateLimited, "3005", ErrorCategory.RateLimiting, HttpStatusCode.TooManyRequests, true, d => new RateLimitingException(d),
            "too many requests for the same symbol in a short period", "spread requests for one symbol over time; the SDK waits Retry-After (or backs off) and retries"),
        Row<RateLimitingException>(ErrorCode.ProductNotInPlan, "3006", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new RateLimitingException(d),
            "product not available on the current plan", "upgrade the plan"),
        Row<RateLimitingException>(ErrorCode.KlineHistoryBeyondPlan, "3007", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new RateLimitingException(d),
            "K-line history range beyond the plan's limit", "ask for a shorter history or upgrade the plan"),
        Row<RateLimitingException>(ErrorCode.KlineRangeQueryNotInPlan, "3008", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new RateLimitingException(d),
            "K-line time-range queries not in the plan", "query without start/end or upgrade the plan"),
        Row<RateLimitingException>(ErrorCode.EndpointNotPermitted, "3009", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new RateLimitingException(d),
            "key may not call this endpoint", "upgrade the plan"),
        Row<RateLimitingException>(ErrorCode.FundamentalsMarketNotPermitted, "3010", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new RateLimitingException(d),
            "key may not read fundamentals for this market", "upgrade the plan"),
        Row<RateLimitingException>(ErrorCode.FundamentalsHistoryBeyondPlan, "3011", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new RateLimitingException(d),
            "fundamental history depth over the limit", "ask for less history or upgrade the plan"),
        Row<RateLimitingException>(ErrorCode.FundamentalsBatchTooLarge, "3012", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, d => new RateLimitingException(d),
            "fundamental batch size over the limit", "send fewer symbols per request"),
        Row<StreamingException>(ErrorCode.ChannelNotPermitted, "4005", ErrorCategory.Streaming, Ws, false, d => new StreamingException(d),
            "key may not subscribe to this channel", "upgrade the plan or use the HTTP endpoint"),
        Row<MarketDataServiceException>(ErrorCode.NoDataServiceAvailable, "5003", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, d => new MarketDataServiceException(d),
            "no data service available for this request", "retry later"),
        Row<RealtimeDataUnavailableException>(ErrorCode.RealtimeDataUnavailable, "5004", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, d => new RealtimeDataUnavailableException(d),
            "real-time data temporarily unavailable", "retry later; on a subscribe retry only RetryableSymbols"),
        Row<MarketDataServiceException>(ErrorCode.AdjustmentFactorsUnavailable, "5005", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, d => new MarketDataServiceException(d),
            "adjustment factors temporarily unavailable", "retry later"),
        Row<MarketDataServiceException>(ErrorCode.AdjustedKlineBaseUnavailable, "5006", ErrorCategory.Service, HttpStatusCode.UnprocessableEntity, false, d => new MarketDataServiceException(d),
            "base data for adjusted K-lines unavailable for this interval", "use another interval or unadjusted K-lines"),
        Row<InvalidParametersException>(ErrorCode.FinancialInvalidParameters, "40001", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, d => new InvalidParametersException(d),
            "invalid parameters (financial endpoints)", "check the request parameters"),
        Row<MarketDataAuthenticationException>(ErrorCode.FinancialAuthenticationFailed, "40101", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, d => new MarketDataAuthenticationException(d),
            "authentication failed (financial endpoints)", "check the API key"),
        Row<InvalidRequestException>(ErrorCode.ResourceNotFound, "40404", ErrorCategory.InvalidRequest, HttpStatusCode.NotFound, false, d => new InvalidRequestException(d),
            "resource not found", "check the symbol and the path"),
        Row<InvalidRequestException>(ErrorCode.NoBusinessData, "40405", ErrorCategory.InvalidRequest, HttpStatusCode.NotFound, false, d => new InvalidRequestException(d),
            "no business data for the query", "widen the query; there is no data for it"),
        Row<InternalServerErrorException>(ErrorCode.FinancialInternalError, "50001", ErrorCategory.Service, HttpStatusCode.InternalServerError, true, d => new InternalServerErrorException(d),
            "internal error (financial endpoints)", "retry later; contact support if it persists"),
        Row<ApiKeyMissingException>(ErrorCode.Unauthorized, "UNAUTHORIZED", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, d => new ApiKeyMissingException(d),
            "API key missing from the WebSocket URL", "set MarketDataClientOptions.ApiKey"),
        Row<InvalidApiKeyException>(ErrorCode.InvalidToken, "INVALID_TOKEN", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, d => new InvalidApiKeyException(d),
            "API key invalid or no longer valid", "check the API key"),
        Row<InsufficientPermissionsException>(ErrorCode.PermissionDenied, "PERMISSION_DENIED", ErrorCategory.Authentication, HttpStatusCode.Forbidden, false, d => new InsufficientPermissionsException(d),
            "key may not open this connection", "upgrade plan or contact admin"),
    ];

    // Fallbacks for codes in neither table: by family, then by HTTP status.
    private static readonly ErrorDescriptor AuthenticationFamily = Family<MarketDataAuthenticationException>(ErrorCategory.Authentication, false, d => new MarketDataAuthenticationException(d),
        "unrecognised authentication error", "check the API key and its permissions");
    private static readonly ErrorDescriptor InvalidRequestFamily = Family<InvalidRequestException>(ErrorCategory.InvalidRequest, false, d => new InvalidRequestException(d),
        "unrecognised request error", "check the request parameters");
    private static readonly ErrorDescriptor RateLimitingFamily = Family<RateLimitingException>(ErrorCategory.RateLimiting, false, d => new RateLimitingException(d),
        "unrecognised rate-limit or plan error", "slow down or check the plan's limits");
    private static readonly ErrorDescriptor StreamingFamily = Family<StreamingException>(ErrorCategory.Streaming, false, d => new StreamingException(d),
        "unrecognised WebSocket error", "check the command and channel");
    private static readonly ErrorDescriptor ServiceFamily = Family<MarketDataServiceException>(ErrorCategory.Service, true, d => new MarketDataServiceException(d),
        "unrecognised service error", "retry later");

    private static readonly FrozenDictionary<ErrorCode, ErrorDescriptor> ByCode = Rows.ToFrozenDictionary(r => r.Code);

    private static readonly FrozenDictionary<string, ErrorDescriptor> ByWireCode =
        Rows.Where(r => r.WireCode.Length > 0).ToFrozenDictionary(r => r.WireCode, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every row of the table, SDK-side codes first, then the service's codes.</summary>
    public static IReadOnlyList<ErrorDescriptor> All { get; } = Rows;

    /// <summary>The row for a code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The row; the <see cref="ErrorCode.Unknown"/> row for a value that is not a member.</returns>
    public static ErrorDescriptor Describe(ErrorCode code) =>
        ByCode.TryGetValue(code, out var row) ? row : ByCode[ErrorCode.Unknown];

    /// <summary>The row for a code as the service sends it: a number, a numeric string or a symbolic string.</summary>
    /// <param name="rawCode">The code as sent, e.g. "2001", " 2001 ", "AMBIGUOUS_SYMBOL" or "40404".</param>
    /// <param name="statusCode">The HTTP status of the reply, used for codes in neither table.</param>
    /// <returns>The row, or the fallback for the code's family, its HTTP status, or the unknown row.</returns>
    public static ErrorDescriptor Describe(string? rawCode, HttpStatusCode? statusCode = null)
    {
        var code = (rawCode ?? string.Empty).Trim();
        if (code.Length > 0)
        {
            if (long.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                code = number.ToString(CultureInfo.InvariantCulture);
                if (ByWireCode.TryGetValue(code, out var row))
                {
                    return row;
                }

                if (ByFamily(number) is { } family)
                {
                    return family;
                }
            }
            else if (ByWireCode.TryGetValue(code, out var row))
            {
                return row;
            }
        }

        return ByStatus(statusCode);
    }

    /// <summary>Creates the exception for a failure: the one place where a code becomes an exception type.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <returns>The exception of the type the table gives.</returns>
    public static MarketDataException CreateException(MarketDataErrorDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return Describe(details).Factory(details);
    }

    internal static ErrorDescriptor Describe(MarketDataErrorDetails details) =>
        details.SdkCode is { } sdkCode ? Describe(sdkCode) : Describe(details.RawCode, details.StatusCode);

    private static ErrorDescriptor? ByFamily(long number) => number switch
    {
        >= 1000 and <= 1999 => AuthenticationFamily,
        >= 2000 and <= 2999 => InvalidRequestFamily,
        >= 3000 and <= 3999 => RateLimitingFamily,
        >= 4000 and <= 4999 => StreamingFamily,
        >= 5000 and <= 5999 => ServiceFamily,
        >= 100 and <= 599 => ByStatus((HttpStatusCode)number),
        >= 10000 and <= 59999 => ByStatus((HttpStatusCode)(number / 100)),
        _ => null,
    };

    private static ErrorDescriptor ByStatus(HttpStatusCode? status) => (int?)status switch
    {
        401 or 403 => AuthenticationFamily,
        429 => Describe(ErrorCode.RateLimitExceeded),
        408 => Describe(ErrorCode.Timeout),
        >= 400 and <= 499 => InvalidRequestFamily,
        >= 500 and <= 599 => ServiceFamily,
        _ => Describe(ErrorCode.Unknown),
    };

    private static ErrorDescriptor Row<T>(
        ErrorCode code, string wire, ErrorCategory category, HttpStatusCode? status, bool transient,
        Func<MarketDataErrorDetails, T> factory, string meaning, string advice)
        where T : MarketDataException =>
        new(code, wire, category, status == Ws ? null : status, transient, typeof(T), factory, meaning, advice);

    private static ErrorDescriptor Family<T>(ErrorCategory category, bool transient, Func<MarketDataErrorDetails, T> factory, string meaning, string advice)
        where T : MarketDataException =>
        new(ErrorCode.Unknown, string.Empty, category, null, transient, typeof(T), factory, meaning, advice);
}
