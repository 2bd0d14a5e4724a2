namespace MarketData.Client;

/// <summary>5000 (also 50001): internal server error. Retried with backoff.</summary>
public class InternalServerErrorException : MarketDataServiceException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InternalServerErrorException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal InternalServerErrorException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
