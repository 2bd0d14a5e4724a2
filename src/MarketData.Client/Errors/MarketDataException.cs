using System.Net;

namespace MarketData.Client;

/// <summary>
/// The base of every exception the SDK raises for a failed call: it carries the service's error code,
/// the HTTP status, the server's message and what the caller should do about it.
/// </summary>
/// <remarks>Which code becomes which exception type is decided in one table: <see cref="MarketDataErrors"/>.</remarks>
public class MarketDataException : Exception
{
    private readonly ErrorDescriptor _descriptor;

    /// <summary>Creates an exception with a message and an unknown code.</summary>
    /// <param name="message">The message.</param>
    public MarketDataException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a message, an unknown code and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MarketDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Details = new MarketDataErrorDetails(string.Empty);
        _descriptor = MarketDataErrors.Describe(ErrorCode.Unknown);
    }

    /// <summary>Creates an exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <remarks>The row of the error table is found from <see cref="MarketDataErrorDetails.SdkCode"/>, else
    /// <see cref="MarketDataErrorDetails.RawCode"/> and <see cref="MarketDataErrorDetails.StatusCode"/>.</remarks>
    public MarketDataException(MarketDataErrorDetails details, Exception? innerException = null)
        : this(details, MarketDataErrors.Describe(details), innerException)
    {
    }

    /// <summary>Creates the exception for a row of the error table (<see cref="MarketDataErrors.CreateException"/>).</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="descriptor">The row that describes it.</param>
    /// <param name="innerException">The cause, if any.</param>
    internal MarketDataException(MarketDataErrorDetails details, ErrorDescriptor descriptor, Exception? innerException = null)
        : base(ErrorMessageFormatter.Format(details, descriptor), innerException)
    {
        Details = details;
        _descriptor = descriptor;
    }

    /// <summary>The error code, normalised from however the service sent it.</summary>
    public ErrorCode Code => _descriptor.Code;

    /// <summary>The code exactly as the service sent it ("2001", "AMBIGUOUS_SYMBOL", "40404"); empty if none.</summary>
    public string RawCode => Details.RawCode;

    /// <summary>The family of the error.</summary>
    public ErrorCategory Category => _descriptor.Category;

    /// <summary>The HTTP status of the reply, if there was one.</summary>
    public HttpStatusCode? StatusCode => Details.StatusCode;

    /// <summary>The server's message, if any. Informative only: it varies, never branch on it.</summary>
    public string? ServerMessage => Details.ServerMessage;

    /// <summary>What the caller should do about this error.</summary>
    public string Recommendation => _descriptor.Recommendation;

    /// <summary>Whether retrying the same request later may succeed.</summary>
    public bool IsTransient => Details.IsTransient ?? _descriptor.IsTransient;

    /// <summary>The path of the failed request (no query string, no credentials) or the WebSocket command.</summary>
    public string? RequestPath => Details.RequestPath;

    /// <summary>Everything the SDK knew about the failure.</summary>
    public MarketDataErrorDetails Details { get; }

    /// <summary>The row of the error table that describes <see cref="Code"/>.</summary>
    internal ErrorDescriptor Descriptor => _descriptor;
}
