namespace MarketData.Client;

/// <summary>1001 (also 1005 and the WebSocket upgrade's INVALID_TOKEN): the API key is invalid, disabled or expired.</summary>
public class InvalidApiKeyException : MarketDataAuthenticationException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InvalidApiKeyException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal InvalidApiKeyException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
