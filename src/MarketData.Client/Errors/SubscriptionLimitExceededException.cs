namespace MarketData.Client;

/// <summary>3004: the plan's subscription limit is reached; unsubscribe first.</summary>
public class SubscriptionLimitExceededException : RateLimitingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SubscriptionLimitExceededException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal SubscriptionLimitExceededException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
