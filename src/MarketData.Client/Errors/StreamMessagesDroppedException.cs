namespace MarketData.Client;

/// <summary>
/// SDK-side (<see cref="ErrorCode.MessagesDropped"/>): the stream discarded pushes it had received, reported once per loss
/// episode on <see cref="Streaming.MarketDataStream.Error"/>. Each discarded push is also counted in
/// <see cref="Streaming.MarketDataStream.DroppedMessages"/> and by the <c>marketdata.client.stream.dropped</c> metric.
/// </summary>
public class StreamMessagesDroppedException : StreamingException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure.</param>
    /// <param name="droppedCount">How many pushes were discarded in this episode.</param>
    /// <param name="reason">Why, as tagged on the metric: <c>resubscribe_overflow</c> (held back during a resubscribe beyond <see cref="Streaming.MarketDataStreamOptions.BufferCapacity"/> or the byte budget) or <c>resubscribe_failed</c> (the connection failed before the resubscribe was answered).</param>
    /// <param name="innerException">The cause, if any.</param>
    public StreamMessagesDroppedException(MarketDataErrorDetails details, long droppedCount, string reason, Exception? innerException = null)
        : base(details, innerException)
    {
        DroppedCount = droppedCount;
        Reason = reason;
    }

    /// <summary>Creates the exception for its row of the error table (no count known).</summary>
    internal StreamMessagesDroppedException(MarketDataErrorDetails details, ErrorDescriptor descriptor)
        : base(details, descriptor) => Reason = string.Empty;

    /// <summary>How many pushes were discarded in this episode.</summary>
    public long DroppedCount { get; }

    /// <summary>Why: <c>resubscribe_overflow</c> or <c>resubscribe_failed</c> (the <c>marketdata.stream.drop_reason</c> tag of the metric).</summary>
    public string Reason { get; }
}
