namespace MarketData.Client;

/// <summary>
/// 5004: real-time data is temporarily unavailable. On a WebSocket subscribe it may be partial: the
/// properties say which symbols were subscribed, which failed, and which of those may be retried.
/// </summary>
public class RealtimeDataUnavailableException : MarketDataServiceException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure; <c>data</c> may carry the partial result.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RealtimeDataUnavailableException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException) => (Channel, SubscribedSymbols, FailedSymbols, RetryableSymbols, Retryable) = PartialResult(details);

    /// <summary>Creates the exception for its row of the error table.</summary>
    internal RealtimeDataUnavailableException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor) => (Channel, SubscribedSymbols, FailedSymbols, RetryableSymbols, Retryable) = PartialResult(details);

    /// <summary>The channel of the refused subscription, if the reply named it.</summary>
    public string? Channel { get; }

    /// <summary>The symbols that were subscribed despite the error.</summary>
    public IReadOnlyList<string> SubscribedSymbols { get; }

    /// <summary>The symbols that failed.</summary>
    public IReadOnlyList<string> FailedSymbols { get; }

    /// <summary>The failed symbols that may be retried; only these may be subscribed again.</summary>
    public IReadOnlyList<string> RetryableSymbols { get; }

    /// <summary>Whether the server said a retry may succeed.</summary>
    public bool Retryable { get; }

    private static (string?, string[], string[], string[], bool) PartialResult(MarketDataErrorDetails details) =>
    (
        ErrorData.String(details.Data, "channel"),
        ErrorData.Strings(details.Data, "symbols"),
        ErrorData.Strings(details.Data, "failed_symbols"),
        ErrorData.Strings(details.Data, "retryable_symbols"),
        ErrorData.IsTrue(details.Data, "retryable"));
}
