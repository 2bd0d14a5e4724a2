using MarketData.Client.Benchmarks.Fixtures;
using MarketData.Client.Streaming;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>The SDK client of the throughput runner: <c>MarketDataStream</c> and one <c>await foreach</c> over <c>ReadAllAsync</c>.</summary>
internal sealed class SdkStreamClient : IStreamClient
{
    public string Name => "sdk";

    public string Description => "MarketDataStream + await foreach ReadAllAsync";

    public async Task<IStreamSession> OpenAsync(Uri baseAddress, PushFixture push, CancellationToken cancellationToken)
    {
        var stream = await ConnectAsync(baseAddress, cancellationToken);
        try
        {
            await stream.SubscribeAsync(ChannelOf(push.Kind), push.Symbols, cancellationToken: cancellationToken);
            return new Session(stream);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connected <see cref="MarketDataStream"/> with default options, nothing subscribed yet.</summary>
    public static async Task<MarketDataStream> ConnectAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var options = new MarketDataClientOptions { ApiKey = "bench-key", BaseAddress = baseAddress };
        var stream = new MarketDataStream(options);
        try
        {
            await stream.ConnectAsync(cancellationToken);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public static StreamChannel ChannelOf(PushKind kind) => kind switch
    {
        PushKind.Ticker => StreamChannel.Ticker,
        PushKind.Depth => StreamChannel.Depth,
        _ => StreamChannel.Trade,
    };

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
