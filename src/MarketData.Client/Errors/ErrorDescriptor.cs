using System.Net;

namespace MarketData.Client;

/// <summary>One row of the error table: what a code means, what the SDK does with it and what the caller should do.</summary>
public sealed class ErrorDescriptor
{
    internal ErrorDescriptor(
        ErrorCode code,
        string wireCode,
        ErrorCategory category,
        HttpStatusCode? httpStatus,
        bool isTransient,
        Type exceptionType,
        Func<MarketDataErrorDetails, ErrorDescriptor, MarketDataException> factory,
        string meaning,
        string recommendation)
    {
        Code = code;
        WireCode = wireCode;
        Category = category;
        HttpStatus = httpStatus;
        IsTransient = isTransient;
        ExceptionType = exceptionType;
        Factory = factory;
        Meaning = meaning;
        Recommendation = recommendation;
    }

    /// <summary>The code.</summary>
    public ErrorCode Code { get; }

    /// <summary>How the service spells the code on the wire ("2001", "AMBIGUOUS_SYMBOL"); empty for SDK-side codes.</summary>
    public string WireCode { get; }

    /// <summary>The family of the code.</summary>
    public ErrorCategory Category { get; }

    /// <summary>The HTTP status the service normally sends with this code, if known.</summary>
    public HttpStatusCode? HttpStatus { get; }

    /// <summary>Whether the SDK retries a request that failed with this code (after the reply's Retry-After when it sent one, else with backoff).</summary>
    public bool IsTransient { get; }

    /// <summary>The exception type raised for this code (its name is in the row of docs/errors.md).</summary>
    internal Type ExceptionType { get; }

    /// <summary>What the code means.</summary>
    public string Meaning { get; }

    /// <summary>What the caller should do about it.</summary>
    public string Recommendation { get; }

    /// <summary>Builds the exception, handed this row (<see cref="MarketDataErrors.CreateException"/>).</summary>
    internal Func<MarketDataErrorDetails, ErrorDescriptor, MarketDataException> Factory { get; }

    /// <inheritdoc />
    public override string ToString() => $"{WireCode} {Code}: {Meaning}";
}
