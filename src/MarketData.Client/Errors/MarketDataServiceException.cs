namespace MarketData.Client;

/// <summary>The service failed (codes 5xxx); most are transient and retried with backoff.</summary>
public class MarketDataServiceException : MarketDataException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketDataServiceException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal MarketDataServiceException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
