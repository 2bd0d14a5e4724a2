namespace MarketData.Client.Streaming;

/// <summary>
/// What happens when the app reads more slowly than messages arrive and a channel's buffer is full. Either way, a full
/// channel that no reader is taking while another channel is read makes room by dropping its oldest message (counted,
/// reason <c>no_reader</c>) instead of stopping the stream.
/// </summary>
public enum StreamBackpressureMode
{
    /// <summary>
    /// Default. Stop reading the socket until the app catches up: nothing is lost and TCP pushes back on the server.
    /// Answers to commands queue behind the unread messages too, so a long stall can make a subscribe or ping time out;
    /// the stall itself is never mistaken for a dead connection.
    /// </summary>
    Wait = 0,

    /// <summary>
    /// Keep reading the socket for tickers; when the ticker buffer is full, a new ticker replaces the newest buffered ticker of
    /// the same symbol (which is superseded), else the oldest buffered ticker of any symbol (it takes that one's place in the
    /// queue). Each replaced ticker is counted (<c>DroppedMessages</c>, metric <c>marketdata.client.stream.dropped</c>). Depth
    /// and trade messages are not replaced: when their channel's buffer is full, the stream waits as with <see cref="Wait"/>.
    /// </summary>
    DropOldestTicker = 1,
}
