namespace MarketData.Client;

/// <summary>1003: the caller's IP address is not in the key's whitelist.</summary>
public class IpNotWhitelistedException : MarketDataAuthenticationException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public IpNotWhitelistedException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal IpNotWhitelistedException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
