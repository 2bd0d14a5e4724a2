namespace MarketData.Client;

/// <summary>3002: the key's quota is exhausted. Never retried: wait for the quota reset or upgrade.</summary>
public class QuotaExhaustedException : RateLimitingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public QuotaExhaustedException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal QuotaExhaustedException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
