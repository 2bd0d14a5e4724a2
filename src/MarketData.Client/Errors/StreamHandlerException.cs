using MarketData.Client.Streaming;

namespace MarketData.Client;

/// <summary>
/// SDK-side (<see cref="ErrorCode.HandlerFailed"/>): a callback registered with <see cref="MarketDataStream.OnTicker"/>,
/// <see cref="MarketDataStream.OnDepth"/> or <see cref="MarketDataStream.OnTrade"/> threw. Reported on
/// <see cref="MarketDataStream.Error"/> once per throw, with what the handler threw as <see cref="Exception.InnerException"/>;
/// never thrown to the app. The session, the receive loop and the other handlers go on; the push is not delivered again.
/// </summary>
public class StreamHandlerException : StreamingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="channel">The channel of the push the handler was given.</param>
    /// <param name="symbol">The symbol of that push, as the app subscribed it when known, else as pushed.</param>
    /// <param name="innerException">What the handler threw.</param>
    public StreamHandlerException(MarketDataErrorDetails details, StreamChannel channel, string symbol, Exception? innerException = null)
        : base(details, innerException)
    {
        Channel = channel;
        Symbol = symbol;
    }

    /// <summary>Creates the exception for its row of the error table (no push known).</summary>
    internal StreamHandlerException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor) => Symbol = string.Empty;

    /// <summary>The channel of the push the handler was given.</summary>
    public StreamChannel Channel { get; }

    /// <summary>The symbol of that push (the subscribed spelling when the stream could match it, else as pushed); empty when unknown.</summary>
    public string Symbol { get; }
}
