namespace MarketData.Client;

/// <summary>
/// 3001: the rate limit is exceeded. The SDK waits what <see cref="RetryAfter"/> says and retries; this
/// exception reaches the caller when the wait would be longer than allowed or retries ran out.
/// </summary>
public class RateLimitExceededException : RateLimitingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RateLimitExceededException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal RateLimitExceededException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }

    /// <summary>How long the service asked the caller to wait, from the <c>Retry-After</c> header; null if it did not say.</summary>
    public TimeSpan? RetryAfter => Details.RetryAfter;
}
