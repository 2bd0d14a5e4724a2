namespace MarketData.Client;

/// <summary>3003: too many WebSocket connections for this key; close some (GetConnectionsAsync, CloseConnectionAsync).</summary>
public class ConnectionLimitExceededException : RateLimitingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ConnectionLimitExceededException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal ConnectionLimitExceededException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
