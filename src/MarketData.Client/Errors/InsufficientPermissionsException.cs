namespace MarketData.Client;

/// <summary>1004 (also the WebSocket upgrade's PERMISSION_DENIED): the plan does not permit this.</summary>
public class InsufficientPermissionsException : MarketDataAuthenticationException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InsufficientPermissionsException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal InsufficientPermissionsException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
