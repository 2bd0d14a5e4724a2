#if HAS_MARKETDATA_STREAM
using MarketData.Client.Benchmarks.Fixtures;
using MarketData.Client.Streaming;

namespace MarketData.Client.Benchmarks.Runner;

// ------------------------------------------------------------------------------------------------------------------
// The SDK client of the throughput runner (compiled only with HAS_MARKETDATA_STREAM; build with
// -p:HasMarketDataStream=true or set <HasMarketDataStream>true</...> in the csproj once MarketDataStream is in main).
//
// Expected public API (issue 3):
//     var stream = new MarketDataStream(MarketDataClientOptions options);      // : IAsyncDisposable
//     await stream.ConnectAsync(CancellationToken);
//     await stream.SubscribeAsync(StreamChannel channel, IEnumerable<string> symbols, SymbolType? type = null, CancellationToken);
//     IAsyncEnumerable<StreamMessage> stream.ReadAllAsync(CancellationToken);  // one record per data push
//     TickerUpdate.LastPrice (decimal)
// The server acks subscribe with {"cmd":"subscribe","code":0,"message":"success","data":{"channel","symbols"}},
// answers {"cmd":"ping"} with a pong, and pushes the planned pushes round robin over the subscribed symbols (HK
// symbols pushed without ".HK", as the real service does). Adapt only this file if the real API differs.
// ------------------------------------------------------------------------------------------------------------------
internal sealed class SdkStreamClient : IStreamClient
{
    public string Name => "sdk";

    public string Description => "MarketDataStream + await foreach ReadAllAsync";

    public async Task<IStreamSession> OpenAsync(Uri baseAddress, PushFixture push, CancellationToken cancellationToken)
    {
        var options = new MarketDataClientOptions { ApiKey = "bench-key", BaseAddress = baseAddress };
        var stream = new MarketDataStream(options);
        try
        {
            await stream.ConnectAsync(cancellationToken);
            var channel = push.Kind switch
            {
                PushKind.Ticker => StreamChannel.Ticker,
                PushKind.Depth => StreamChannel.Depth,
                _ => StreamChannel.Trade,
            };
            await stream.SubscribeAsync(channel, push.Symbols, cancellationToken: cancellationToken);
            return new Session(stream);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private sealed class Session(MarketDataStream stream) : IStreamSession
    {
        private readonly CancellationTokenSource _stop = new();
        private IAsyncEnumerator<StreamMessage>? _messages;

        public async Task<decimal> ReceiveAsync(long count, CancellationToken cancellationToken)
        {
            // One enumerator for the whole session, as an app's single await foreach would use.
            _messages ??= stream.ReadAllAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
            using var registration = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _stop);
            var checksum = 0m;
            for (long received = 0; received < count; received++)
            {
                if (!await _messages.MoveNextAsync())
                {
                    throw new IOException($"The stream ended after {received} of {count} pushes.");
                }

                checksum += _messages.Current is TickerUpdate ticker ? ticker.LastPrice : 1m;
            }

            return checksum;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_messages is not null)
            {
                try
                {
                    await _messages.DisposeAsync();
                }
                catch (OperationCanceledException)
                {
                    // Reading was cancelled on purpose.
                }
            }

            await stream.DisposeAsync();
            _stop.Dispose();
        }
    }
}
#endif
