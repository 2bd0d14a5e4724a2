namespace MarketData.Client;

/// <summary>5002: the service is temporarily unavailable (maintenance). Retried with backoff.</summary>
public class ServiceUnavailableException : MarketDataServiceException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ServiceUnavailableException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal ServiceUnavailableException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
