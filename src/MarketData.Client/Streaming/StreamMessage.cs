using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>
/// A message pushed by the realtime API. The set is closed: <see cref="TickerUpdate"/>, <see cref="DepthUpdate"/> and
/// <see cref="TradeUpdate"/>; switch on the type.
/// </summary>
/// <example>
/// <code>
/// await foreach (var message in stream.ReadAllAsync(ct))
/// {
///     switch (message)
///     {
///         case TickerUpdate t: Console.WriteLine($"{t.Symbol} {t.LastPrice}"); break;
///         case DepthUpdate d: Console.WriteLine($"{d.Symbol} best bid {d.Bids[0].Price}"); break;
///         case TradeUpdate tr: Console.WriteLine($"{tr.Symbol} {tr.Trades.Count} trades"); break;
///     }
/// }
/// </code>
/// </example>
public abstract record StreamMessage
{
    private protected StreamMessage()
    {
    }

    /// <summary>The channel the message came on.</summary>
    public abstract StreamChannel Channel { get; }

    /// <summary>
    /// The symbol exactly as the server pushed it. It is not always the subscribed spelling: an HK stock may come back as
    /// <c>700</c> for <c>700.HK</c>, an A-share as <c>600519</c>; see <see cref="SubscribedSymbol"/>.
    /// </summary>
    public string Symbol { get; init; } = string.Empty;

    /// <summary>
    /// The symbol as the app subscribed it (<c>700.HK</c> for a push of <c>700</c>), when the stream could match the push to
    /// exactly one of its subscriptions; otherwise null.
    /// </summary>
    public string? SubscribedSymbol { get; init; }

    /// <summary>The product type, when the server sent it.</summary>
    public SymbolType? Type { get; init; }

    /// <summary>When the server produced the data (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }
}
