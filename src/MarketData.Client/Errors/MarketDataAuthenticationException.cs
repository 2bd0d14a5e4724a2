namespace MarketData.Client;

/// <summary>The API key is missing, invalid, expired, or may not do this (codes 1xxx). Never retried.</summary>
public class MarketDataAuthenticationException : MarketDataException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketDataAuthenticationException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal MarketDataAuthenticationException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
