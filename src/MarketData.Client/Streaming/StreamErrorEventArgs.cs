namespace MarketData.Client.Streaming;

/// <summary>
/// What <see cref="MarketDataStream.Error"/> reports: an error that belongs to no pending call (an unsolicited error message,
/// a refused resubscribe, a malformed or oversized frame). The stream keeps running.
/// </summary>
public sealed class StreamErrorEventArgs : EventArgs
{
    internal StreamErrorEventArgs(MarketDataException exception, StreamChannel? channel, IReadOnlyList<string> symbols, int connectionIndex)
    {
        Exception = exception;
        Channel = channel;
        Symbols = symbols;
        ConnectionIndex = connectionIndex;
    }

    /// <summary>The typed error (from the error table; <see cref="MarketDataTransportException"/> with <see cref="ErrorCode.MalformedResponse"/> for a frame the SDK cannot read).</summary>
    public MarketDataException Exception { get; }

    /// <summary>The channel of the refused subscription, or of the push a failing handler was given, when the error is about one.</summary>
    public StreamChannel? Channel { get; }

    /// <summary>The symbols the error is about (a refused resubscribe, the push a failing handler was given); empty otherwise.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Which connection of a <see cref="MarketDataStreamPool"/> reported it (0 for a standalone stream).</summary>
    public int ConnectionIndex { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Exception.GetType().Name}: {Exception.Message}";
}
