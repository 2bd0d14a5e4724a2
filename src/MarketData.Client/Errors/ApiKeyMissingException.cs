namespace MarketData.Client;

/// <summary>1002 (also the WebSocket upgrade's UNAUTHORIZED): no API key was sent.</summary>
public class ApiKeyMissingException : MarketDataAuthenticationException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ApiKeyMissingException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal ApiKeyMissingException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
