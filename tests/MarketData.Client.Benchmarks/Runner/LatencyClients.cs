using MarketData.Client.Benchmarks.Fixtures;
using MarketData.Client.Streaming;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>A stream consumer in the latency runs: hands each push's send stamp to a <see cref="LatencyRecorder"/>.</summary>
internal interface ILatencyClient
{
    string Name { get; }

    string Description { get; }

    /// <summary>Connects and subscribes; from then on every push goes to <paramref name="recorder"/>.</summary>
    Task<ILatencySession> OpenAsync(Uri baseAddress, PushFixture push, LatencyRecorder recorder, CancellationToken cancellationToken);
}

internal interface ILatencySession : IAsyncDisposable
{
    /// <summary>Completes when the recorder is full.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

internal static class LatencyClients
{
    public static IReadOnlyList<ILatencyClient> All { get; } =
    [
        new RawClient("scan", "receive loop + one Utf8JsonReader pass over every token, stamp parsed from its bytes", (push, m) => PushStamp.For(push.Kind).Scan(m.Span)),
        new RawClient("jsondoc", "receive loop + JsonDocument + manual reads + decimal.Parse", (_, m) => PushStamp.Of(AppDecoders.DecodeWithJsonDocument(m))),
        new ReaderClient(),
        new CallbackClient(),
    ];

    public static ILatencyClient Get(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown latency client '{name}'. Available: {string.Join(", ", All.Select(c => c.Name))}.");

    private sealed class RawClient(string name, string description, Func<PushFixture, ReadOnlyMemory<byte>, long> stamp) : ILatencyClient
    {
        public string Name => name;

        public string Description => description;

        public async Task<ILatencySession> OpenAsync(Uri baseAddress, PushFixture push, LatencyRecorder recorder, CancellationToken cancellationToken)
        {
            var session = await StreamClients.OpenRawAsync(baseAddress, push, m => recorder.Record(stamp(push, m)) ? 1m : 0m, cancellationToken);
            return new RawSession(session, recorder);
        }
    }

    private sealed class RawSession(IStreamSession session, LatencyRecorder recorder) : ILatencySession
    {
        public Task RunAsync(CancellationToken cancellationToken) => session.ReceiveAsync(recorder.Total, cancellationToken);

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }

    /// <summary>The SDK with one <c>await foreach</c> over <c>ReadAllAsync</c>.</summary>
    private sealed class ReaderClient : ILatencyClient
    {
        public string Name => "sdk";

        public string Description => "MarketDataStream + await foreach ReadAllAsync";

        public async Task<ILatencySession> OpenAsync(Uri baseAddress, PushFixture push, LatencyRecorder recorder, CancellationToken cancellationToken)
        {
            var stream = await SdkStreamClient.ConnectAsync(baseAddress, cancellationToken);
            await using var guard = new DisposeOnFailure(stream);
            await stream.SubscribeAsync(SdkStreamClient.ChannelOf(push.Kind), push.Symbols, cancellationToken: cancellationToken);
            guard.Keep();
            return new ReaderSession(stream, recorder);
        }
    }

    private sealed class ReaderSession(MarketDataStream stream, LatencyRecorder recorder) : ILatencySession
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await foreach (var message in stream.ReadAllAsync(cancellationToken))
            {
                if (recorder.Record(PushStamp.Of(message)))
                {
                    return;
                }
            }

            throw new IOException($"The stream ended after {recorder.Recorded} recorded pushes.");
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }

    /// <summary>The SDK's callback API: <c>OnTicker</c> / <c>OnDepth</c> / <c>OnTrade</c>, registered before subscribing.</summary>
    private sealed class CallbackClient : ILatencyClient
    {
        public string Name => "sdk-callback";

        public string Description => "MarketDataStream + OnTicker/OnDepth/OnTrade handler (receive thread)";

        public async Task<ILatencySession> OpenAsync(Uri baseAddress, PushFixture push, LatencyRecorder recorder, CancellationToken cancellationToken)
        {
            var stream = await SdkStreamClient.ConnectAsync(baseAddress, cancellationToken);
            await using var guard = new DisposeOnFailure(stream);
            var session = new CallbackSession(stream, recorder);
            session.Register(push.Kind);
            await stream.SubscribeAsync(SdkStreamClient.ChannelOf(push.Kind), push.Symbols, cancellationToken: cancellationToken);
            guard.Keep();
            return session;
        }
    }

    private sealed class CallbackSession(MarketDataStream stream, LatencyRecorder recorder) : ILatencySession
    {
        private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IDisposable? _registration;

        public void Register(PushKind kind) => _registration = kind switch
        {
            PushKind.Ticker => stream.OnTicker(On),
            PushKind.Depth => stream.OnDepth(On),
            _ => stream.OnTrade(On),
        };

        public Task RunAsync(CancellationToken cancellationToken) => _full.Task.WaitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            _registration?.Dispose();
            await stream.DisposeAsync();
        }

        private void On(StreamMessage message)
        {
            if (recorder.Record(PushStamp.Of(message)))
            {
                _full.TrySetResult();
            }
        }
    }

    /// <summary>Disposes the stream when opening fails half-way.</summary>
    private sealed class DisposeOnFailure(MarketDataStream stream) : IAsyncDisposable
    {
        private bool _keep;

        public void Keep() => _keep = true;

        public ValueTask DisposeAsync() => _keep ? ValueTask.CompletedTask : stream.DisposeAsync();
    }
}
