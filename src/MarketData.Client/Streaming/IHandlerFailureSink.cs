namespace MarketData.Client.Streaming;

/// <summary>Where a handler's exception goes (the stream that received the push reports it).</summary>
internal interface IHandlerFailureSink
{
    void HandlerFailed(StreamMessage message, Exception exception);
}
