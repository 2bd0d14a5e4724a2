namespace MarketData.Client;

/// <summary>4004: trade subscriptions are unavailable; fall back to GetTradesAsync.</summary>
public class TradeSubscriptionUnavailableException : StreamingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TradeSubscriptionUnavailableException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal TradeSubscriptionUnavailableException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
