using MarketData.Client.Models;

namespace MarketData.Client;

/// <summary>
/// <c>AMBIGUOUS_SYMBOL</c>: the symbol matches several product types. Resend the request with one of
/// <see cref="AvailableTypes"/> as the type.
/// </summary>
public class AmbiguousSymbolException : InvalidRequestException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure; <c>data.available_types</c> lists the types.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AmbiguousSymbolException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException) => AvailableTypes = TypesIn(details);

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal AmbiguousSymbolException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor) => AvailableTypes = TypesIn(details);

    /// <summary>The product types the symbol matches; pass one of them as the request's type.</summary>
    public IReadOnlyList<SymbolType> AvailableTypes { get; }

    private static SymbolType[] TypesIn(MarketDataErrorDetails details) =>
        [.. ErrorData.Strings(details.Data, "available_types").Select(SymbolType.Parse)];
}
