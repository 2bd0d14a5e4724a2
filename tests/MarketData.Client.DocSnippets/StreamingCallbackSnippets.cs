using System.Collections.Concurrent;
using System.Threading.Channels;
using MarketData.Client.Streaming;

namespace MarketData.Client.DocSnippets;

/// <summary>The C# blocks of the callbacks section of docs/streaming.md, verbatim, so that they compile.</summary>
internal static class StreamingCallbackSnippets
{
    public static async Task CallbacksAsync(MarketDataStream stream, CancellationToken ct)
    {
        var latest = new ConcurrentDictionary<string, decimal>();
        var tape = Channel.CreateUnbounded<TradeUpdate>();

        using IDisposable tickers = stream.OnTicker(t => latest[t.SubscribedSymbol ?? t.Symbol] = t.LastPrice);
        using IDisposable trades = stream.OnTrade(t => tape.Writer.TryWrite(t));   // heavy work goes to your own queue
        stream.Error += (_, e) =>
        {
            if (e.Exception is StreamHandlerException failed)
            {
                Console.WriteLine($"{failed.Channel} handler failed on {failed.Symbol}: {failed.InnerException?.Message}");
            }
        };
        await stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "BTCUSDT"], cancellationToken: ct);
    }
}
