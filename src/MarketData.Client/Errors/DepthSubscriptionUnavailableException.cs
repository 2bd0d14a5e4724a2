namespace MarketData.Client;

/// <summary>4003: depth subscriptions are unavailable; fall back to GetDepthAsync.</summary>
public class DepthSubscriptionUnavailableException : StreamingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DepthSubscriptionUnavailableException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal DepthSubscriptionUnavailableException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
