using MarketData.Client.Diagnostics;

namespace MarketData.Client.Streaming;

/// <summary>The callback API: handlers invoked on the receive path, with no thread hop and no buffer.</summary>
public sealed partial class MarketDataStream : IHandlerFailureSink
{
    private StreamHandlers _handlers = new();
    private long _handled;

    /// <summary>
    /// Calls <paramref name="handler"/> with every ticker push, on the thread that received it, before the next frame is
    /// read: the lowest latency the SDK offers (no thread hop, no buffer). While at least one ticker handler is registered,
    /// tickers go to the handlers only: <see cref="ReadAllAsync"/> and <see cref="ReadTickersAsync"/> no longer see them
    /// (those already buffered stay readable). Keep the handler short, or it applies backpressure: a slow handler delays the
    /// next socket read (the server then buffers, as for a slow reader with <see cref="StreamBackpressureMode.Wait"/>); it
    /// loses nothing. Never block in it on the stream itself (for example <c>PingAsync().Wait()</c>): the answer would be read
    /// by the very thread that waits.
    /// </summary>
    /// <param name="handler">The callback. An exception it throws is reported on <see cref="Error"/> as a <see cref="StreamHandlerException"/> (once per throw) and logged; the stream goes on.</param>
    /// <returns>The registration: dispose it to remove the handler (pushes already being delivered may still reach it). Disposing twice is harmless.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <example>
    /// <code>
    /// using var registration = stream.OnTicker(t => latest[t.Symbol] = t.LastPrice);
    /// await stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]);
    /// </code>
    /// </example>
    public IDisposable OnTicker(Action<TickerUpdate> handler) => _handlers.Tickers.Add(handler);

    /// <summary>
    /// Calls <paramref name="handler"/> with every depth push on the receive thread; while one is registered, depth goes to the
    /// handlers only (not to <see cref="ReadAllAsync"/> or <see cref="ReadDepthAsync"/>). Same contract as <see cref="OnTicker"/>.
    /// </summary>
    /// <param name="handler">The callback; an exception it throws is reported on <see cref="Error"/> as a <see cref="StreamHandlerException"/>.</param>
    /// <returns>The registration: dispose it to remove the handler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public IDisposable OnDepth(Action<DepthUpdate> handler) => _handlers.Depth.Add(handler);

    /// <summary>
    /// Calls <paramref name="handler"/> with every trade push on the receive thread; while one is registered, trades go to the
    /// handlers only (not to <see cref="ReadAllAsync"/> or <see cref="ReadTradesAsync"/>). Same contract as <see cref="OnTicker"/>.
    /// </summary>
    /// <param name="handler">The callback; an exception it throws is reported on <see cref="Error"/> as a <see cref="StreamHandlerException"/>.</param>
    /// <returns>The registration: dispose it to remove the handler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public IDisposable OnTrade(Action<TradeUpdate> handler) => _handlers.Trades.Add(handler);

    /// <summary>Pushes handed to handlers instead of the buffer (part of <see cref="ReceivedMessages"/>).</summary>
    internal long HandledMessages => Interlocked.Read(ref _handled);

    /// <summary>Makes this connection of a pool call the pool's handlers (before it connects).</summary>
    internal void ShareHandlers(StreamHandlers handlers) => _handlers = handlers;

    void IHandlerFailureSink.HandlerFailed(StreamMessage message, Exception exception)
    {
        var registration = message switch
        {
            TickerUpdate => nameof(OnTicker),
            DepthUpdate => nameof(OnDepth),
            _ => nameof(OnTrade),
        };
        Log.StreamHandlerFailed(_logger, registration, _redactor.Redact(exception.GetType().Name + ": " + exception.Message)!);
        var error = _errors.HandlerFailed(registration, message, exception);
        RaiseErrorEvent(error, message.Channel, [error.Symbol]);
    }

    /// <summary>Delivers <paramref name="message"/> to the handlers of its channel, on this thread; false when it has none.</summary>
    private bool TryHandle(StreamConnection conn, StreamMessage message)
    {
        if (!_handlers.Handles(message))
        {
            // The common case, a channel read by readers: no flag writes and no try/finally per push.
            return false;
        }

        // The app's code runs on the receive thread: like a full buffer, a slow handler is not a silent server.
        conn.BlockedOnBuffer = true;
        try
        {
            if (!_handlers.TryDispatch(message, this))
            {
                return false;
            }
        }
        finally
        {
            conn.BlockedOnBuffer = false;
        }

        Interlocked.Increment(ref _handled);
        return true;
    }
}
