using System.Collections.Frozen;
using System.Globalization;
using System.Net;

namespace MarketData.Client;

/// <summary>
/// The error table: every code the service can send, the exception it becomes, whether it is retried,
/// what it means and what to do. This is the only place where a code becomes an exception: every reader
/// (REST replies, refused WebSocket upgrades, stream frames) calls <c>CreateException</c>, which finds the row
/// and hands it to the exception's constructor.
/// </summary>
public static class MarketDataErrors
{
    /// <summary>The HTTP column of a code the service sends only in a WebSocket frame: there is no HTTP status.</summary>
    private static readonly HttpStatusCode? NoHttpStatus = null;

    private static readonly ErrorDescriptor[] Rows =
    [
        // SDK-side codes (never sent by the service).
        CodeRow<MarketDataException>(ErrorCode.Unknown, "", ErrorCategory.Unknown, null, false, (d, row) => new MarketDataException(d, row),
            "unrecognised error", "inspect RawCode, StatusCode and ServerMessage; report it if it persists"),
        CodeRow<MarketDataTransportException>(ErrorCode.TransportFailure, "", ErrorCategory.Transport, null, true, (d, row) => new MarketDataTransportException(d, row),
            "no usable reply (network failure, or a body that is not JSON or is cut off)", "check connectivity and proxies; the SDK retries idempotent requests"),
        CodeRow<MarketDataTimeoutException>(ErrorCode.Timeout, "", ErrorCategory.Transport, null, true, (d, row) => new MarketDataTimeoutException(d, row),
            "no reply within the time limit", "raise the timeout or retry later"),
        CodeRow<MarketDataTransportException>(ErrorCode.MalformedResponse, "", ErrorCategory.Transport, null, false, (d, row) => new MarketDataTransportException(d, row),
            "the reply is JSON but not of the documented shape", "report it: the server and the SDK disagree on the contract"),
        CodeRow<StreamMessagesDroppedException>(ErrorCode.MessagesDropped, "", ErrorCategory.Streaming, null, false, (d, row) => new StreamMessagesDroppedException(d, row),
            "the stream discarded pushes it had received (held back during a resubscribe beyond their bound, or lost when the connection failed before the resubscribe was answered)", "read DroppedCount; raise BufferCapacity or read faster, and fetch a snapshot over HTTP if every update matters"),
        CodeRow<StreamHandlerException>(ErrorCode.HandlerFailed, "", ErrorCategory.Streaming, null, false, (d, row) => new StreamHandlerException(d, row),
            "a callback the app registered on the stream (OnTicker, OnDepth, OnTrade) threw", "fix the handler: InnerException is what it threw; Channel and Symbol say which push it was given"),

        // The original table.
        CodeRow<InvalidApiKeyException>(ErrorCode.InvalidApiKey, "1001", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, (d, row) => new InvalidApiKeyException(d, row),
            "invalid or expired API key (wrong, disabled, expired)", "check the API key"),
        CodeRow<ApiKeyMissingException>(ErrorCode.ApiKeyMissing, "1002", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, (d, row) => new ApiKeyMissingException(d, row),
            "API key not provided", "set MarketDataClientOptions.ApiKey (sent as X-API-Key, or ?api_key= on the WebSocket URL)"),
        CodeRow<IpNotWhitelistedException>(ErrorCode.IpNotWhitelisted, "1003", ErrorCategory.Authentication, HttpStatusCode.Forbidden, false, (d, row) => new IpNotWhitelistedException(d, row),
            "caller IP not in the key's whitelist", "ask the admin to whitelist the IP"),
        CodeRow<InsufficientPermissionsException>(ErrorCode.InsufficientPermissions, "1004", ErrorCategory.Authentication, HttpStatusCode.Forbidden, false, (d, row) => new InsufficientPermissionsException(d, row),
            "insufficient permissions for this plan", "upgrade plan or contact admin"),
        CodeRow<InvalidParametersException>(ErrorCode.InvalidParameters, "2001", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, (d, row) => new InvalidParametersException(d, row),
            "invalid parameters", "check the request parameters"),
        CodeRow<SymbolNotFoundException>(ErrorCode.SymbolNotFound, "2002", ErrorCategory.InvalidRequest, HttpStatusCode.NotFound, false, (d, row) => new SymbolNotFoundException(d, row),
            "symbol not found", "list symbols with ListAvailableSymbolsAsync (GET /v1/symbols/available)"),
        CodeRow<InvalidTimeRangeException>(ErrorCode.InvalidTimeRange, "2003", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, (d, row) => new InvalidTimeRangeException(d, row),
            "invalid time range (start > end, bad format, range too long)", "check start and end (Unix ms, start < end)"),
        CodeRow<RequestLimitExceededException>(ErrorCode.RequestLimitExceeded, "2004", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, (d, row) => new RequestLimitExceededException(d, row),
            "request limit exceeded", "lower limit (usually at most 1000)"),
        CodeRow<RateLimitExceededException>(ErrorCode.RateLimitExceeded, "3001", ErrorCategory.RateLimiting, HttpStatusCode.TooManyRequests, true, (d, row) => new RateLimitExceededException(d, row),
            "rate limit exceeded", "slow down; the SDK waits the Retry-After header, then retries"),
        CodeRow<QuotaExhaustedException>(ErrorCode.QuotaExhausted, "3002", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new QuotaExhaustedException(d, row),
            "quota exhausted", "wait for the quota reset or upgrade"),
        CodeRow<ConnectionLimitExceededException>(ErrorCode.ConnectionLimitExceeded, "3003", ErrorCategory.RateLimiting, HttpStatusCode.TooManyRequests, false, (d, row) => new ConnectionLimitExceededException(d, row),
            "connection limit exceeded", "close connections: GetConnectionsAsync, CloseConnectionAsync"),
        CodeRow<SubscriptionLimitExceededException>(ErrorCode.SubscriptionLimitExceeded, "3004", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new SubscriptionLimitExceededException(d, row),
            "subscription limit exceeded", "unsubscribe some channels first"),
        CodeRow<UnknownCommandException>(ErrorCode.UnknownCommand, "4001", ErrorCategory.Streaming, NoHttpStatus, false, (d, row) => new UnknownCommandException(d, row),
            "unknown command (supported: subscribe, unsubscribe, ping)", "check the cmd field"),
        CodeRow<InvalidMessageFormatException>(ErrorCode.InvalidMessageFormat, "4002", ErrorCategory.Streaming, NoHttpStatus, false, (d, row) => new InvalidMessageFormatException(d, row),
            "invalid message format", "send valid JSON with the required fields"),
        CodeRow<DepthSubscriptionUnavailableException>(ErrorCode.DepthSubscriptionUnavailable, "4003", ErrorCategory.Streaming, NoHttpStatus, false, (d, row) => new DepthSubscriptionUnavailableException(d, row),
            "depth subscription unavailable", "use the HTTP depth endpoint (GetDepthAsync)"),
        CodeRow<TradeSubscriptionUnavailableException>(ErrorCode.TradeSubscriptionUnavailable, "4004", ErrorCategory.Streaming, NoHttpStatus, false, (d, row) => new TradeSubscriptionUnavailableException(d, row),
            "trade subscription unavailable", "use the HTTP trades endpoint (GetTradesAsync)"),
        CodeRow<InternalServerErrorException>(ErrorCode.InternalServerError, "5000", ErrorCategory.Service, HttpStatusCode.InternalServerError, true, (d, row) => new InternalServerErrorException(d, row),
            "internal server error", "retry later; contact support if it persists"),
        CodeRow<DataSourceUnavailableException>(ErrorCode.DataSourceUnavailable, "5001", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, (d, row) => new DataSourceUnavailableException(d, row),
            "data source unavailable", "retry later"),
        CodeRow<ServiceUnavailableException>(ErrorCode.ServiceUnavailable, "5002", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, (d, row) => new ServiceUnavailableException(d, row),
            "service temporarily unavailable (maintenance)", "retry later"),

        // The later revision.
        CodeRow<InvalidApiKeyException>(ErrorCode.ApiKeyExpired, "1005", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, (d, row) => new InvalidApiKeyException(d, row),
            "API key has expired", "renew the API key"),
        CodeRow<InvalidRequestException>(ErrorCode.SymbolFormatUnsupported, "2005", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, (d, row) => new InvalidRequestException(d, row),
            "symbol format unsupported", "use a documented symbol spelling (AAPL.US, 700.HK, 600000.SH, EURUSD)"),
        CodeRow<InvalidRequestException>(ErrorCode.SymbolTypeConflict, "2006", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, (d, row) => new InvalidRequestException(d, row),
            "symbol suffix conflicts with the requested type", "drop the type or fix the symbol suffix"),
        CodeRow<InvalidRequestException>(ErrorCode.CompressionRequired, "2008", ErrorCategory.InvalidRequest, HttpStatusCode.NotAcceptable, false, (d, row) => new InvalidRequestException(d, row),
            "full-market request without HTTP compression", "enable automatic decompression on the HttpClient handler"),
        CodeRow<AmbiguousSymbolException>(ErrorCode.AmbiguousSymbol, "AMBIGUOUS_SYMBOL", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, (d, row) => new AmbiguousSymbolException(d, row),
            "symbol matches several product types", "resend with type set to one of AvailableTypes"),
        CodeRow<RateLimitingException>(ErrorCode.SymbolRateLimited, "3005", ErrorCategory.RateLimiting, HttpStatusCode.TooManyRequests, true, (d, row) => new RateLimitingException(d, row),
            "too many requests for the same symbol in a short period", "spread requests for one symbol over time; the SDK waits Retry-After (or backs off) and retries"),
        CodeRow<RateLimitingException>(ErrorCode.ProductNotInPlan, "3006", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new RateLimitingException(d, row),
            "product not available on the current plan", "upgrade the plan"),
        CodeRow<RateLimitingException>(ErrorCode.KlineHistoryBeyondPlan, "3007", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new RateLimitingException(d, row),
            "K-line history range beyond the plan's limit", "ask for a shorter history or upgrade the plan"),
        CodeRow<RateLimitingException>(ErrorCode.KlineRangeQueryNotInPlan, "3008", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new RateLimitingException(d, row),
            "K-line time-range queries not in the plan", "query without start/end or upgrade the plan"),
        CodeRow<RateLimitingException>(ErrorCode.EndpointNotPermitted, "3009", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new RateLimitingException(d, row),
            "key may not call this endpoint", "upgrade the plan"),
        CodeRow<RateLimitingException>(ErrorCode.FundamentalsMarketNotPermitted, "3010", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new RateLimitingException(d, row),
            "key may not read fundamentals for this market", "upgrade the plan"),
        CodeRow<RateLimitingException>(ErrorCode.FundamentalsHistoryBeyondPlan, "3011", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new RateLimitingException(d, row),
            "fundamental history depth over the limit", "ask for less history or upgrade the plan"),
        CodeRow<RateLimitingException>(ErrorCode.FundamentalsBatchTooLarge, "3012", ErrorCategory.RateLimiting, HttpStatusCode.Forbidden, false, (d, row) => new RateLimitingException(d, row),
            "fundamental batch size over the limit", "send fewer symbols per request"),
        CodeRow<StreamingException>(ErrorCode.ChannelNotPermitted, "4005", ErrorCategory.Streaming, NoHttpStatus, false, (d, row) => new StreamingException(d, row),
            "key may not subscribe to this channel", "upgrade the plan or use the HTTP endpoint"),
        CodeRow<MarketDataServiceException>(ErrorCode.NoDataServiceAvailable, "5003", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, (d, row) => new MarketDataServiceException(d, row),
            "no data service available for this request", "retry later"),
        CodeRow<RealtimeDataUnavailableException>(ErrorCode.RealtimeDataUnavailable, "5004", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, (d, row) => new RealtimeDataUnavailableException(d, row),
            "real-time data temporarily unavailable", "retry later; on a subscribe retry only RetryableSymbols"),
        CodeRow<MarketDataServiceException>(ErrorCode.AdjustmentFactorsUnavailable, "5005", ErrorCategory.Service, HttpStatusCode.ServiceUnavailable, true, (d, row) => new MarketDataServiceException(d, row),
            "adjustment factors temporarily unavailable", "retry later"),
        CodeRow<MarketDataServiceException>(ErrorCode.AdjustedKlineBaseUnavailable, "5006", ErrorCategory.Service, HttpStatusCode.UnprocessableEntity, false, (d, row) => new MarketDataServiceException(d, row),
            "base data for adjusted K-lines unavailable for this interval", "use another interval or unadjusted K-lines"),
        CodeRow<InvalidParametersException>(ErrorCode.FinancialInvalidParameters, "40001", ErrorCategory.InvalidRequest, HttpStatusCode.BadRequest, false, (d, row) => new InvalidParametersException(d, row),
            "invalid parameters (financial endpoints)", "check the request parameters"),
        CodeRow<MarketDataAuthenticationException>(ErrorCode.FinancialAuthenticationFailed, "40101", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, (d, row) => new MarketDataAuthenticationException(d, row),
            "authentication failed (financial endpoints)", "check the API key"),
        CodeRow<InvalidRequestException>(ErrorCode.ResourceNotFound, "40404", ErrorCategory.InvalidRequest, HttpStatusCode.NotFound, false, (d, row) => new InvalidRequestException(d, row),
            "resource not found", "check the symbol and the path"),
        CodeRow<InvalidRequestException>(ErrorCode.NoBusinessData, "40405", ErrorCategory.InvalidRequest, HttpStatusCode.NotFound, false, (d, row) => new InvalidRequestException(d, row),
            "no business data for the query", "widen the query; there is no data for it"),
        CodeRow<InternalServerErrorException>(ErrorCode.FinancialInternalError, "50001", ErrorCategory.Service, HttpStatusCode.InternalServerError, true, (d, row) => new InternalServerErrorException(d, row),
            "internal error (financial endpoints)", "retry later; contact support if it persists"),
        CodeRow<ApiKeyMissingException>(ErrorCode.Unauthorized, "UNAUTHORIZED", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, (d, row) => new ApiKeyMissingException(d, row),
            "API key missing from the WebSocket URL", "set MarketDataClientOptions.ApiKey"),
        CodeRow<InvalidApiKeyException>(ErrorCode.InvalidToken, "INVALID_TOKEN", ErrorCategory.Authentication, HttpStatusCode.Unauthorized, false, (d, row) => new InvalidApiKeyException(d, row),
            "API key invalid or no longer valid", "check the API key"),
        CodeRow<InsufficientPermissionsException>(ErrorCode.PermissionDenied, "PERMISSION_DENIED", ErrorCategory.Authentication, HttpStatusCode.Forbidden, false, (d, row) => new InsufficientPermissionsException(d, row),
            "key may not open this connection", "upgrade plan or contact admin"),
    ];

    // Fallbacks for codes in neither table: by family, then by HTTP status.
    private static readonly ErrorDescriptor AuthenticationFallback = FallbackRow<MarketDataAuthenticationException>(ErrorCategory.Authentication, false, (d, row) => new MarketDataAuthenticationException(d, row),
        "unrecognised authentication error", "check the API key and its permissions");
    private static readonly ErrorDescriptor InvalidRequestFallback = FallbackRow<InvalidRequestException>(ErrorCategory.InvalidRequest, false, (d, row) => new InvalidRequestException(d, row),
        "unrecognised request error", "check the request parameters");
    private static readonly ErrorDescriptor RateLimitingFallback = FallbackRow<RateLimitingException>(ErrorCategory.RateLimiting, false, (d, row) => new RateLimitingException(d, row),
        "unrecognised rate-limit or plan error", "slow down or check the plan's limits");
    private static readonly ErrorDescriptor StreamingFallback = FallbackRow<StreamingException>(ErrorCategory.Streaming, false, (d, row) => new StreamingException(d, row),
        "unrecognised WebSocket error", "check the command and channel");
    private static readonly ErrorDescriptor ServiceFallback = FallbackRow<MarketDataServiceException>(ErrorCategory.Service, true, (d, row) => new MarketDataServiceException(d, row),
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
    /// <returns>The exception of the type the table gives, built with its row (no second lookup).</returns>
    internal static MarketDataException CreateException(MarketDataErrorDetails details)
    {
        var row = Describe(details);
        return row.Factory(details, row);
    }

    /// <summary>The row for a failure: its SDK-side code, else its code as sent with its HTTP status.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="details"/> is null.</exception>
    internal static ErrorDescriptor Describe(MarketDataErrorDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return details.SdkCode is { } sdkCode ? Describe(sdkCode) : Describe(details.RawCode, details.StatusCode);
    }

    private static ErrorDescriptor? ByFamily(long number) => number switch
    {
        >= 1000 and <= 1999 => AuthenticationFallback,
        >= 2000 and <= 2999 => InvalidRequestFallback,
        >= 3000 and <= 3999 => RateLimitingFallback,
        >= 4000 and <= 4999 => StreamingFallback,
        >= 5000 and <= 5999 => ServiceFallback,
        >= 100 and <= 599 => ByStatus((HttpStatusCode)number),
        >= 10000 and <= 59999 => ByStatus((HttpStatusCode)(number / 100)),
        _ => null,
    };

    private static ErrorDescriptor ByStatus(HttpStatusCode? status) => (int?)status switch
    {
        401 or 403 => AuthenticationFallback,
        429 => Describe(ErrorCode.RateLimitExceeded),
        408 => Describe(ErrorCode.Timeout),
        >= 400 and <= 499 => InvalidRequestFallback,
        >= 500 and <= 599 => ServiceFallback,
        _ => Describe(ErrorCode.Unknown),
    };

    /// <summary>The row of a documented code (or an SDK-side one).</summary>
    private static ErrorDescriptor CodeRow<T>(
        ErrorCode code, string wire, ErrorCategory category, HttpStatusCode? status, bool transient,
        Func<MarketDataErrorDetails, ErrorDescriptor, T> factory, string meaning, string advice)
        where T : MarketDataException =>
        new(code, wire, category, status, transient, typeof(T), factory, meaning, advice);

    /// <summary>The row of a code in neither table, by its family or its HTTP status.</summary>
    private static ErrorDescriptor FallbackRow<T>(ErrorCategory category, bool transient, Func<MarketDataErrorDetails, ErrorDescriptor, T> factory, string meaning, string advice)
        where T : MarketDataException =>
        new(ErrorCode.Unknown, string.Empty, category, null, transient, typeof(T), factory, meaning, advice);
}
