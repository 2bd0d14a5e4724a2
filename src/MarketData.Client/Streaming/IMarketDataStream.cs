using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>
/// The realtime stream an app uses: connect, subscribe, read, watch its state. <see cref="MarketDataStream"/> implements
/// it (each member's full contract is documented there); <c>AddMarketDataStream</c> registers it, and tests of an app
/// mock it as they mock <see cref="IMarketDataClient"/>.
/// </summary>
public interface IMarketDataStream : IAsyncDisposable
{
    /// <summary>Raised on every state change, with the reason, on a background thread (see <see cref="MarketDataStream.StateChanged"/>).</summary>
    event EventHandler<StreamStateChangedEventArgs>? StateChanged;

    /// <summary>Raised for an error that belongs to no pending call; the stream keeps running (see <see cref="MarketDataStream.Error"/>).</summary>
    event EventHandler<StreamErrorEventArgs>? Error;

    /// <summary>The options in force.</summary>
    MarketDataClientOptions Options { get; }

    /// <summary>The current state.</summary>
    StreamState State { get; }

    /// <summary>A snapshot of the subscriptions the stream keeps (pending, active, and refused ones).</summary>
    IReadOnlyList<StreamSubscription> Subscriptions { get; }

    /// <summary>Pushes received and then discarded (see <see cref="MarketDataStream.DroppedMessages"/>).</summary>
    long DroppedMessages { get; }

    /// <summary>Frames that could not be read; each is also reported on <see cref="Error"/>.</summary>
    long MalformedMessages { get; }

    /// <summary>Well-formed messages of a kind the SDK does not know, ignored.</summary>
    long IgnoredMessages { get; }

    /// <summary>Pushes decoded, whether or not they were read yet.</summary>
    long ReceivedMessages { get; }

    /// <summary>Messages waiting in the buffer for the app to read them.</summary>
    int BufferedMessages { get; }

    /// <summary>The URL the stream connects to, with the key masked (<c>api_key=***</c>).</summary>
    string Url { get; }

    /// <summary>Opens the first connection and applies the subscriptions made so far (see <see cref="MarketDataStream.ConnectAsync"/>).</summary>
    /// <param name="cancellationToken">Stops waiting; before the first connection it also closes the stream.</param>
    /// <returns>A task that completes when connected.</returns>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Subscribes <paramref name="symbols"/> to <paramref name="channel"/> (see <see cref="MarketDataStream.SubscribeAsync"/>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="symbols">The symbols.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement.</param>
    /// <returns>A task that completes when the server acknowledged, or at once when queued.</returns>
    Task SubscribeAsync(StreamChannel channel, IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Unsubscribes <paramref name="symbols"/> from <paramref name="channel"/> (see <see cref="MarketDataStream.UnsubscribeAsync"/>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="symbols">The symbols.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement.</param>
    /// <returns>A task that completes when the server acknowledged, or at once when there was nothing to tell it.</returns>
    Task UnsubscribeAsync(StreamChannel channel, IEnumerable<string> symbols, CancellationToken cancellationToken = default);

    /// <summary>Sends <c>{"cmd":"ping"}</c> and waits for the pong.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The round-trip time and the server's clock.</returns>
    Task<StreamPingResult> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads every message (ticker, depth, trade) in arrival order until the stream is disposed, except those of a channel a typed read is taking meanwhile.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The messages.</returns>
    IAsyncEnumerable<StreamMessage> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the ticker messages from the ticker channel's own buffer (other kinds stay buffered for their readers).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The tickers.</returns>
    IAsyncEnumerable<TickerUpdate> ReadTickersAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the depth messages from the depth channel's own buffer (other kinds stay buffered for their readers).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The order book updates.</returns>
    IAsyncEnumerable<DepthUpdate> ReadDepthAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the trade messages from the trade channel's own buffer (other kinds stay buffered for their readers).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The trade updates.</returns>
    IAsyncEnumerable<TradeUpdate> ReadTradesAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="handler"/> with every ticker push on the receive thread; while one is registered, tickers bypass the buffer and the reads (see <see cref="MarketDataStream.OnTicker"/>).</summary>
    /// <param name="handler">The callback; keep it short, or it applies backpressure. What it throws is reported on <see cref="Error"/>.</param>
    /// <returns>The registration: dispose it to remove the handler.</returns>
    IDisposable OnTicker(Action<TickerUpdate> handler);

    /// <summary>Calls <paramref name="handler"/> with every depth push on the receive thread; while one is registered, depth bypasses the buffer and the reads (see <see cref="MarketDataStream.OnDepth"/>).</summary>
    /// <param name="handler">The callback; keep it short, or it applies backpressure. What it throws is reported on <see cref="Error"/>.</param>
    /// <returns>The registration: dispose it to remove the handler.</returns>
    IDisposable OnDepth(Action<DepthUpdate> handler);

    /// <summary>Calls <paramref name="handler"/> with every trade push on the receive thread; while one is registered, trades bypass the buffer and the reads (see <see cref="MarketDataStream.OnTrade"/>).</summary>
    /// <param name="handler">The callback; keep it short, or it applies backpressure. What it throws is reported on <see cref="Error"/>.</param>
    /// <returns>The registration: dispose it to remove the handler.</returns>
    IDisposable OnTrade(Action<TradeUpdate> handler);
}
