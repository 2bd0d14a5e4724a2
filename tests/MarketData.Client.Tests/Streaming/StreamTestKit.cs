using System.Collections.Concurrent;
using System.Threading.Channels;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Streaming;

/// <summary>Shared setup of the streaming tests: a server, a fake clock, a stream and recorders of its events.</summary>
internal sealed class StreamTestKit : IAsyncDisposable
{
    public const string ApiKey = "test-key-123";

    private StreamTestKit(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public LogCollector Logs { get; } = new();

    public MarketDataStream Stream { get; private set; } = null!;

    public StreamRecorder Events { get; private set; } = null!;

    /// <summary>Heartbeat 1 s, stale 3 s, acknowledgement and connect 5 s, backoff 1 s → 8 s (jittered), connection limit 60 s.</summary>
    public static async Task<StreamTestKit> StartAsync(Action<MarketDataClientOptions>? configure = null)
    {
        var kit = new StreamTestKit(await LoopbackServer.StartAsync());
        var options = kit.Options();
        configure?.Invoke(options);
        kit.Stream = new MarketDataStream(options);
        kit.Events = new StreamRecorder(kit.Stream);
        return kit;
    }

    public MarketDataClientOptions Options() => new()
    {
        ApiKey = ApiKey,
        BaseAddress = Server.BaseAddress,
        TimeProvider = Time,
        LoggerFactory = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace)),
        Streaming =
        {
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            StaleTimeout = TimeSpan.FromSeconds(3),
            AckTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ReconnectBaseDelay = TimeSpan.FromSeconds(1),
            ReconnectMaxDelay = TimeSpan.FromSeconds(8),
            ConnectionLimitDelay = TimeSpan.FromSeconds(60),
        },
    };

    /// <summary>Connects and returns the server side of the connection.</summary>
    public async Task<ServerConnection> ConnectAsync()
    {
        await Stream.ConnectAsync().Within();
        return await Server.NextConnectionAsync();
    }

    /// <summary>Connects with one subscription, drops the connection, and returns the next one with its resubscribe unanswered.</summary>
    public async Task<(ServerConnection Connection, ReceivedCommand Resubscribe)> ReconnectWithResubscribeWithheldAsync()
    {
        var first = await ConnectAsync();
        await Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();
        var resubscribe = new TaskCompletionSource<(ServerConnection, ReceivedCommand)>(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.OnCommand = (connection, command) =>
        {
            if (connection.Index == 2 && command.Cmd == "subscribe")
            {
                resubscribe.TrySetResult((connection, command));
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };

        first.Abort();
        await SkipBackoffAsync();
        return await resubscribe.Task.Within();
    }

    /// <summary>Waits for the next Reconnecting event, lets its delay pass on the fake clock, and returns the event.</summary>
    public async Task<StreamStateChangedEventArgs> SkipBackoffAsync()
    {
        var reconnecting = await Events.NextStateAsync(StreamState.Reconnecting);
        Time.Advance(reconnecting.Delay!.Value);
        return reconnecting;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().AsTask().Within();
        await Server.DisposeAsync();
    }
}

/// <summary>Records a stream's events and lets a test await them in order.</summary>
internal sealed class StreamRecorder
{
    private readonly Channel<StreamStateChangedEventArgs> _states = Channel.CreateUnbounded<StreamStateChangedEventArgs>();
    private readonly Channel<StreamErrorEventArgs> _errors = Channel.CreateUnbounded<StreamErrorEventArgs>();

    public StreamRecorder(MarketDataStream stream)
    {
        stream.StateChanged += OnState;
        stream.Error += OnError;
    }

    public StreamRecorder(MarketDataStreamPool pool)
    {
        pool.StateChanged += OnState;
        pool.Error += OnError;
    }

    public ConcurrentQueue<StreamStateChangedEventArgs> States { get; } = new();

    public ConcurrentQueue<StreamErrorEventArgs> Errors { get; } = new();

    public async Task<StreamStateChangedEventArgs> NextStateAsync(StreamState? state = null)
    {
        while (true)
        {
            var next = await _states.Reader.ReadAsync().AsTask().Within();
            if (state is null || next.State == state)
            {
                return next;
            }
        }
    }

    public Task<StreamErrorEventArgs> NextErrorAsync() => _errors.Reader.ReadAsync().AsTask().Within();

    private void OnState(object? sender, StreamStateChangedEventArgs e)
    {
        States.Enqueue(e);
        _states.Writer.TryWrite(e);
    }

    private void OnError(object? sender, StreamErrorEventArgs e)
    {
        Errors.Enqueue(e);
        _errors.Writer.TryWrite(e);
    }
}

/// <summary>Keeps every formatted log line.</summary>
internal sealed class LogCollector : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Every log call's level and event id, in order.</summary>
    public ConcurrentQueue<(LogLevel Level, int EventId)> Levels { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Levels.Enqueue((logLevel, eventId.Id));
        Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " | " + exception));
    }

    public void Dispose()
    {
    }
}

internal static class TaskTimeouts
{
    /// <summary>Every awaited signal is bounded, so that a bug fails the test instead of hanging CI.</summary>
    public static Task Within(this Task task) => task.WaitAsync(LoopbackServer.Patience);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(LoopbackServer.Patience);

    /// <summary>Reads <paramref name="count"/> messages of a stream, each bounded.</summary>
    public static async Task<List<T>> TakeAsync<T>(this IAsyncEnumerable<T> source, int count)
    {
        var list = new List<T>();
        if (count == 0)
        {
            return list;
        }

        using var cts = new CancellationTokenSource(LoopbackServer.Patience);
        await foreach (var item in source.WithCancellation(cts.Token))
        {
            list.Add(item);
            if (list.Count == count)
            {
                break;
            }
        }

        return list;
    }
}
