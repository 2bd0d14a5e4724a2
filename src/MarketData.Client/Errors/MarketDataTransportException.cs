namespace MarketData.Client;

/// <summary>No usable reply: a network failure, a timeout, or a body that is not JSON, is cut off or lacks its data.</summary>
public class MarketDataTransportException : MarketDataException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketDataTransportException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal MarketDataTransportException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }

    /// <summary>A short excerpt of the body that could not be used, if there was one.</summary>
    public string? BodyExcerpt => Details.BodyExcerpt;
}
