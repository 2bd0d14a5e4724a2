namespace MarketData.Client;

/// <summary>
/// The SDK gave up waiting for a reply: a per-attempt or total request timeout, a WebSocket connect timeout,
/// or a command that the server never acknowledged. Transient.
/// </summary>
public class MarketDataTimeoutException : MarketDataTransportException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="timeout">The time limit that was exceeded.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MarketDataTimeoutException(MarketDataErrorDetails details, TimeSpan timeout, Exception? innerException = null)
        : base(details, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>Creates the exception for its row of the error table (no time limit known).</summary>
    internal MarketDataTimeoutException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }

    /// <summary>The time limit that was exceeded.</summary>
    public TimeSpan Timeout { get; }
}
