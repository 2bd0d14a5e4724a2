namespace MarketData.Client.Streaming;

/// <summary>The callback API of the pool: one set of handlers, called by every connection.</summary>
public sealed partial class MarketDataStreamPool
{
    private readonly StreamHandlers _handlers = new();

    /// <summary>
    /// Calls <paramref name="handler"/> with every ticker push of every connection, on the receive thread of the connection
    /// that received it; while one is registered, tickers bypass the shared buffer and the reads. Pushes of one connection
    /// arrive in order; with several connections the handler may run on several threads at once, so it must be thread-safe.
    /// Same contract as <see cref="MarketDataStream.OnTicker"/>. The pool's <see cref="Connections"/> share these handlers:
    /// registering on one of them registers on the pool.
    /// </summary>
    /// <param name="handler">The callback; what it throws is reported on <see cref="Error"/> as a <see cref="StreamHandlerException"/>.</param>
    /// <returns>The registration: dispose it to remove the handler from every connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public IDisposable OnTicker(Action<TickerUpdate> handler) => _handlers.Tickers.Add(handler);

    /// <summary>Calls <paramref name="handler"/> with every depth push of every connection (see <see cref="OnTicker"/> for the contract).</summary>
    /// <param name="handler">The callback; what it throws is reported on <see cref="Error"/> as a <see cref="StreamHandlerException"/>.</param>
    /// <returns>The registration: dispose it to remove the handler from every connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public IDisposable OnDepth(Action<DepthUpdate> handler) => _handlers.Depth.Add(handler);

    /// <summary>Calls <paramref name="handler"/> with every trade push of every connection (see <see cref="OnTicker"/> for the contract).</summary>
    /// <param name="handler">The callback; what it throws is reported on <see cref="Error"/> as a <see cref="StreamHandlerException"/>.</param>
    /// <returns>The registration: dispose it to remove the handler from every connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public IDisposable OnTrade(Action<TradeUpdate> handler) => _handlers.Trades.Add(handler);
}
