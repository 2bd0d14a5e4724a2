namespace MarketData.Client;

/// <summary>2002: the symbol does not exist; list symbols with ListAvailableSymbolsAsync.</summary>
public class SymbolNotFoundException : InvalidRequestException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SymbolNotFoundException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
    }

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal SymbolNotFoundException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor)
    {
    }
}
