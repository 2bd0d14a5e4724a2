namespace MarketData.Client;

/// <summary>The family an error code belongs to; each family has one exception base type.</summary>
public enum ErrorCategory
{
    /// <summary>Not classified: the base <see cref="MarketDataException"/>.</summary>
    Unknown = 0,

    /// <summary>1xxx: the API key or its permissions (<see cref="MarketDataAuthenticationException"/>).</summary>
    Authentication,

    /// <summary>2xxx: the request's parameters (<see cref="InvalidRequestException"/>).</summary>
    InvalidRequest,

    /// <summary>3xxx: rate limits, quotas and plan limits (<see cref="RateLimitingException"/>).</summary>
    RateLimiting,

    /// <summary>4xxx: WebSocket commands and channels (<see cref="StreamingException"/>).</summary>
    Streaming,

    /// <summary>5xxx: the service itself (<see cref="MarketDataServiceException"/>).</summary>
    Service,

    /// <summary>No usable reply: network failure, timeout, malformed body (<see cref="MarketDataTransportException"/>).</summary>
    Transport,
}
