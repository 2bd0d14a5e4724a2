namespace MarketData.Client;

/// <summary>5001: the data source is unavailable. Retried with backoff.</summary>
public class DataSourceUnavailableException : MarketDataServiceException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DataSourceUnavailableException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal DataSourceUnavailableException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
