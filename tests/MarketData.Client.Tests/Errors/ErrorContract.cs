namespace MarketData.Client.Tests.Errors;

/// <summary>
/// Both tables of /work/shared/contract/ERRORS.md, transcribed: the code as sent, the HTTP status the service sends
/// with it (400 stands in for the WebSocket-only codes, which a REST reply may still carry), the exception type the
/// issue names, the <see cref="ErrorCode"/> member and whether the SDK retries it.
/// </summary>
public static class ErrorContract
{
    public sealed record Row(string Code, int Status, Type ExceptionType, ErrorCode ErrorCode, bool Retried)
    {
        public bool IsNumeric => long.TryParse(Code, out _);

        public override string ToString() => Code;
    }

    /// <summary>The original table: every row has its own exception type.</summary>
    public static readonly Row[] Original =
    [
        new("1001", 401, typeof(InvalidApiKeyException), ErrorCode.InvalidApiKey, false),
        new("1002", 401, typeof(ApiKeyMissingException), ErrorCode.ApiKeyMissing, false),
        new("1003", 403, typeof(IpNotWhitelistedException), ErrorCode.IpNotWhitelisted, false),
        new("1004", 403, typeof(InsufficientPermissionsException), ErrorCode.InsufficientPermissions, false),
        new("2001", 400, typeof(InvalidParametersException), ErrorCode.InvalidParameters, false),
        new("2002", 404, typeof(SymbolNotFoundException), ErrorCode.SymbolNotFound, false),
        new("2003", 400, typeof(InvalidTimeRangeException), ErrorCode.InvalidTimeRange, false),
        new("2004", 400, typeof(RequestLimitExceededException), ErrorCode.RequestLimitExceeded, false),
        new("3001", 429, typeof(RateLimitExceededException), ErrorCode.RateLimitExceeded, true),
        new("3002", 403, typeof(QuotaExhaustedException), ErrorCode.QuotaExhausted, false),
        new("3003", 429, typeof(ConnectionLimitExceededException), ErrorCode.ConnectionLimitExceeded, false),
        new("3004", 403, typeof(SubscriptionLimitExceededException), ErrorCode.SubscriptionLimitExceeded, false),
        new("4001", 400, typeof(UnknownCommandException), ErrorCode.UnknownCommand, false),
        new("4002", 400, typeof(InvalidMessageFormatException), ErrorCode.InvalidMessageFormat, false),
        new("4003", 400, typeof(DepthSubscriptionUnavailableException), ErrorCode.DepthSubscriptionUnavailable, false),
        new("4004", 400, typeof(TradeSubscriptionUnavailableException), ErrorCode.TradeSubscriptionUnavailable, false),
        new("5000", 500, typeof(InternalServerErrorException), ErrorCode.InternalServerError, true),
        new("5001", 503, typeof(DataSourceUnavailableException), ErrorCode.DataSourceUnavailable, true),
        new("5002", 503, typeof(ServiceUnavailableException), ErrorCode.ServiceUnavailable, true),
    ];

    /// <summary>The later revision: each in its category, a specific type where the error carries data.</summary>
    public static readonly Row[] Later =
    [
        new("1005", 401, typeof(InvalidApiKeyException), ErrorCode.ApiKeyExpired, false),
        new("2005", 400, typeof(InvalidRequestException), ErrorCode.SymbolFormatUnsupported, false),
        new("2006", 400, typeof(InvalidRequestException), ErrorCode.SymbolTypeConflict, false),
        new("2008", 406, typeof(InvalidRequestException), ErrorCode.CompressionRequired, false),
        new("AMBIGUOUS_SYMBOL", 400, typeof(AmbiguousSymbolException), ErrorCode.AmbiguousSymbol, false),
        new("3005", 429, typeof(RateLimitingException), ErrorCode.SymbolRateLimited, true),
        new("3006", 403, typeof(RateLimitingException), ErrorCode.ProductNotInPlan, false),
        new("3007", 403, typeof(RateLimitingException), ErrorCode.KlineHistoryBeyondPlan, false),
        new("3008", 403, typeof(RateLimitingException), ErrorCode.KlineRangeQueryNotInPlan, false),
        new("3009", 403, typeof(RateLimitingException), ErrorCode.EndpointNotPermitted, false),
        new("3010", 403, typeof(RateLimitingException), ErrorCode.FundamentalsMarketNotPermitted, false),
        new("3011", 403, typeof(RateLimitingException), ErrorCode.FundamentalsHistoryBeyondPlan, false),
        new("3012", 403, typeof(RateLimitingException), ErrorCode.FundamentalsBatchTooLarge, false),
        new("4005", 400, typeof(StreamingException), ErrorCode.ChannelNotPermitted, false),
        new("5003", 503, typeof(MarketDataServiceException), ErrorCode.NoDataServiceAvailable, true),
        new("5004", 503, typeof(RealtimeDataUnavailableException), ErrorCode.RealtimeDataUnavailable, true),
        new("5005", 503, typeof(MarketDataServiceException), ErrorCode.AdjustmentFactorsUnavailable, true),
        new("5006", 422, typeof(MarketDataServiceException), ErrorCode.AdjustedKlineBaseUnavailable, false),
        new("40001", 400, typeof(InvalidParametersException), ErrorCode.FinancialInvalidParameters, false),
        new("40101", 401, typeof(MarketDataAuthenticationException), ErrorCode.FinancialAuthenticationFailed, false),
        new("40404", 404, typeof(InvalidRequestException), ErrorCode.ResourceNotFound, false),
        new("40405", 404, typeof(InvalidRequestException), ErrorCode.NoBusinessData, false),
        new("50001", 500, typeof(InternalServerErrorException), ErrorCode.FinancialInternalError, true),
        new("UNAUTHORIZED", 401, typeof(ApiKeyMissingException), ErrorCode.Unauthorized, false),
        new("INVALID_TOKEN", 401, typeof(InvalidApiKeyException), ErrorCode.InvalidToken, false),
        new("PERMISSION_DENIED", 403, typeof(InsufficientPermissionsException), ErrorCode.PermissionDenied, false),
    ];

    public static IEnumerable<Row> All => Original.Concat(Later);

    /// <summary>The base type of each category.</summary>
    public static Type BaseTypeOf(ErrorCategory category) => category switch
    {
        ErrorCategory.Authentication => typeof(MarketDataAuthenticationException),
        ErrorCategory.InvalidRequest => typeof(InvalidRequestException),
        ErrorCategory.RateLimiting => typeof(RateLimitingException),
        ErrorCategory.Streaming => typeof(StreamingException),
        ErrorCategory.Service => typeof(MarketDataServiceException),
        ErrorCategory.Transport => typeof(MarketDataTransportException),
        _ => typeof(MarketDataException),
    };
}
