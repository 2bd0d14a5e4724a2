namespace MarketData.Client;

/// <summary>
/// Every error code the market-data service can send, with the numeric code as the value.
/// </summary>
/// <remarks>
/// Symbolic codes that the service sends as strings (<c>AMBIGUOUS_SYMBOL</c>, <c>UNAUTHORIZED</c>,
/// <c>INVALID_TOKEN</c>, <c>PERMISSION_DENIED</c>) have values above 1,000,000, which the service never
/// uses. Negative values are raised by the SDK itself and are never sent by the service.
/// <see cref="MarketDataErrors.Describe(ErrorCode)"/> gives the meaning and advice for every member.
/// </remarks>
#pragma warning disable CA1008 // Enums should have zero value: Success is zero.
public enum ErrorCode
#pragma warning restore CA1008
{
    /// <summary>A code the SDK does not know; <see cref="MarketDataException.RawCode"/> keeps it verbatim.</summary>
    Unknown = -1,

    /// <summary>The SDK got no usable reply: a network failure, or a body that is not JSON or is cut off.</summary>
    TransportFailure = -2,

    /// <summary>The SDK gave up waiting: a per-attempt, total, connect or acknowledgement timeout.</summary>
    Timeout = -3,

    /// <summary>The reply was JSON but not of the documented shape (for example <c>data: null</c> on success).</summary>
    MalformedResponse = -4,

    /// <summary>The stream discarded pushes it had received (held back during a resubscribe beyond their bound, or lost with the connection); see <see cref="StreamMessagesDroppedException"/>.</summary>
    MessagesDropped = -5,

    /// <summary>A callback the app registered on the stream (<c>OnTicker</c>, <c>OnDepth</c>, <c>OnTrade</c>) threw; the stream goes on. See <see cref="StreamHandlerException"/>.</summary>
    HandlerFailed = -6,

    /// <summary>Success.</summary>
    Success = 0,

    /// <summary>1001: invalid or expired API key.</summary>
    InvalidApiKey = 1001,

    /// <summary>1002: API key not provided.</summary>
    ApiKeyMissing = 1002,

    /// <summary>1003: caller IP not in the key's whitelist.</summary>
    IpNotWhitelisted = 1003,

    /// <summary>1004: insufficient permissions for this plan.</summary>
    InsufficientPermissions = 1004,

    /// <summary>1005: API key has expired.</summary>
    ApiKeyExpired = 1005,

    /// <summary>2001: invalid parameters.</summary>
    InvalidParameters = 2001,

    /// <summary>2002: symbol not found.</summary>
    SymbolNotFound = 2002,

    /// <summary>2003: invalid time range.</summary>
    InvalidTimeRange = 2003,

    /// <summary>2004: request limit exceeded (the <c>limit</c> parameter is too large).</summary>
    RequestLimitExceeded = 2004,

    /// <summary>2005: symbol format unsupported.</summary>
    SymbolFormatUnsupported = 2005,

    /// <summary>2006: symbol suffix conflicts with the requested type.</summary>
    SymbolTypeConflict = 2006,

    /// <summary>2008: full-market request without HTTP compression.</summary>
    CompressionRequired = 2008,

    /// <summary>3001: rate limit exceeded.</summary>
    RateLimitExceeded = 3001,

    /// <summary>3002: quota exhausted.</summary>
    QuotaExhausted = 3002,

    /// <summary>3003: connection limit exceeded.</summary>
    ConnectionLimitExceeded = 3003,

    /// <summary>3004: subscription limit exceeded.</summary>
    SubscriptionLimitExceeded = 3004,

    /// <summary>3005: too many requests for the same symbol in a short period.</summary>
    SymbolRateLimited = 3005,

    /// <summary>3006: product not available on the current plan.</summary>
    ProductNotInPlan = 3006,

    /// <summary>3007: K-line history range beyond the plan's limit.</summary>
    KlineHistoryBeyondPlan = 3007,

    /// <summary>3008: K-line time-range queries not in the plan.</summary>
    KlineRangeQueryNotInPlan = 3008,

    /// <summary>3009: key may not call this endpoint.</summary>
    EndpointNotPermitted = 3009,

    /// <summary>3010: key may not read fundamentals for this market.</summary>
    FundamentalsMarketNotPermitted = 3010,

    /// <summary>3011: fundamental history depth over the limit.</summary>
    FundamentalsHistoryBeyondPlan = 3011,

    /// <summary>3012: fundamental batch size over the limit.</summary>
    FundamentalsBatchTooLarge = 3012,

    /// <summary>4001: unknown WebSocket command.</summary>
    UnknownCommand = 4001,

    /// <summary>4002: invalid WebSocket message format.</summary>
    InvalidMessageFormat = 4002,

    /// <summary>4003: depth subscription unavailable.</summary>
    DepthSubscriptionUnavailable = 4003,

    /// <summary>4004: trade subscription unavailable.</summary>
    TradeSubscriptionUnavailable = 4004,

    /// <summary>4005: key may not subscribe to this channel.</summary>
    ChannelNotPermitted = 4005,

    /// <summary>5000: internal server error.</summary>
    InternalServerError = 5000,

    /// <summary>5001: data source unavailable.</summary>
    DataSourceUnavailable = 5001,

    /// <summary>5002: service temporarily unavailable (maintenance).</summary>
    ServiceUnavailable = 5002,

    /// <summary>5003: no data service available for this request.</summary>
    NoDataServiceAvailable = 5003,

    /// <summary>5004: real-time data temporarily unavailable (possibly for some symbols only).</summary>
    RealtimeDataUnavailable = 5004,

    /// <summary>5005: adjustment factors temporarily unavailable.</summary>
    AdjustmentFactorsUnavailable = 5005,

    /// <summary>5006: base data for adjusted K-lines unavailable for this interval.</summary>
    AdjustedKlineBaseUnavailable = 5006,

    /// <summary>40001: invalid parameters (financial endpoints).</summary>
    FinancialInvalidParameters = 40001,

    /// <summary>40101: authentication failed (financial endpoints).</summary>
    FinancialAuthenticationFailed = 40101,

    /// <summary>40404: resource not found.</summary>
    ResourceNotFound = 40404,

    /// <summary>40405: no business data for the query.</summary>
    NoBusinessData = 40405,

    /// <summary>50001: internal error (financial endpoints).</summary>
    FinancialInternalError = 50001,

    /// <summary><c>AMBIGUOUS_SYMBOL</c>: the symbol matches several product types; resend with a type.</summary>
    AmbiguousSymbol = 1_000_001,

    /// <summary><c>UNAUTHORIZED</c> (WebSocket upgrade, HTTP 401): API key missing from the URL.</summary>
    Unauthorized = 1_000_002,

    /// <summary><c>INVALID_TOKEN</c> (WebSocket upgrade, HTTP 401): API key invalid or no longer valid.</summary>
    InvalidToken = 1_000_003,

    /// <summary><c>PERMISSION_DENIED</c> (WebSocket upgrade, HTTP 403): the key may not open this connection.</summary>
    PermissionDenied = 1_000_004,
}
