namespace MarketData.Client.Streaming;

/// <summary>
/// The callbacks registered with <c>OnTicker</c>, <c>OnDepth</c> and <c>OnTrade</c>, one copy-on-write list per channel:
/// the receive path reads each list with one volatile read and no lock, registration and removal swap in a new array.
/// A <see cref="MarketDataStreamPool"/> shares one instance between its connections.
/// </summary>
internal sealed class StreamHandlers
{
    public HandlerList<TickerUpdate> Tickers { get; } = new(StreamChannel.Ticker);

    public HandlerList<DepthUpdate> Depth { get; } = new(StreamChannel.Depth);

    public HandlerList<TradeUpdate> Trades { get; } = new(StreamChannel.Trade);

    /// <summary>Whether the channel of <paramref name="message"/> has a handler now (read without a lock: the receive path's cheap test).</summary>
    public bool Handles(StreamMessage message) => message switch
    {
        TickerUpdate => Tickers.Count > 0,
        DepthUpdate => Depth.Count > 0,
        TradeUpdate => Trades.Count > 0,
        _ => false,
    };

    /// <summary>
    /// Hands <paramref name="message"/> to every handler of its channel, in registration order, on the calling thread. Returns
    /// false, calling nothing, when its channel has no handler (the push then goes to the buffer).
    /// </summary>
    /// <param name="message">The push.</param>
    /// <param name="onFailure">Told of each handler that threw, with the exception; the other handlers still run.</param>
    public bool TryDispatch(StreamMessage message, IHandlerFailureSink onFailure) => message switch
    {
        TickerUpdate ticker => Tickers.TryInvoke(ticker, onFailure),
        DepthUpdate depth => Depth.TryInvoke(depth, onFailure),
        TradeUpdate trade => Trades.TryInvoke(trade, onFailure),
        _ => false,
    };
}
