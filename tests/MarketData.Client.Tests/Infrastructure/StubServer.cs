using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseProviders;
using WireMock.Server;
using WireMock.Settings;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// A WireMock.Net server on loopback that records every request when it arrives (before replying, so a test can
/// wait for "N requests received" even while a reply is held) and answers from per-route reply lists. A request no
/// route matches is recorded too and answered 404 with code "NO_STUB".
/// </summary>
internal sealed class StubServer : IDisposable
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly List<ReceivedRequest> _received = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();

    public StubServer()
    {
        Server = WireMockServer.Start();
        AddFallback();
    }

    public WireMockServer Server { get; }

    public Uri BaseAddress => new(Server.Url!);

    /// <summary>The clock whose time is stamped on each received request (the fake clock of resilience tests).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public ReceivedRequest Single => Received.Should().ContainSingle().Subject;

    /// <summary>Forgets routes and received requests (between the tests of a fixture that shares the server).</summary>
    public void Reset()
    {
        Server.Reset();
        lock (_gate)
        {
            _received.Clear();
        }

        Clock = TimeProvider.System;
        AddFallback();
    }

    /// <summary>Answers requests to <paramref name="path"/> (WireMock wildcards allowed) with the replies in order; the last one repeats.</summary>
    public StubServer On(string method, string path, params StubReply[] replies)
    {
        ArgumentOutOfRangeException.ThrowIfZero(replies.Length);
        return On(method, path, (_, n) => replies[Math.Min(n, replies.Length - 1)]);
    }

    /// <summary>Answers requests to <paramref name="path"/> with whatever <paramref name="responder"/> makes of the request and its index.</summary>
    public StubServer On(string method, string path, Func<ReceivedRequest, int, StubReply> responder)
    {
        var count = 0;
        Server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(new RecordingProvider(this, r => responder(r, Interlocked.Increment(ref count) - 1)));
        return this;
    }

    public StubServer OnGet(string path, params StubReply[] replies) => On("GET", path, replies);

    /// <summary>A client for this server with the sentinel key; <paramref name="configure"/> adjusts the options.</summary>
    public MarketDataClient CreateClient(Action<MarketDataClientOptions>? configure = null) => ClientFor(BaseAddress, configure);

    /// <summary>A client for any server on loopback with the sentinel key; <paramref name="configure"/> adjusts the options.</summary>
    public static MarketDataClient ClientFor(Uri baseAddress, Action<MarketDataClientOptions>? configure = null)
    {
        var options = new MarketDataClientOptions { ApiKey = SentinelKey.Value, BaseAddress = baseAddress };
        configure?.Invoke(options);
        return new MarketDataClient(options);
    }

    /// <summary>Completes when at least <paramref name="count"/> requests have arrived; fails after 10 s of real time.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_gate)
        {
            if (_received.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(SignalTimeout);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        Server.Stop();
        Server.Dispose();
        _stopping.Dispose();
    }

    private void AddFallback() =>
        Server.Given(Request.Create().UsingAnyMethod()).AtPriority(int.MaxValue)
            .RespondWith(new RecordingProvider(this, r => StubReply.Error(404, "NO_STUB", "no route for " + r)));

    private async Task<IResponseMessage> ReplyAsync(HttpContext context, IRequestMessage request, Func<ReceivedRequest, StubReply> responder)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Url;
        var received = new ReceivedRequest(request, rawTarget, Clock.GetUtcNow());
        var reply = responder(received);
        Record(received);
        if (reply.Hold)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return new StubReply(503, null).ToResponseMessage();
            }
        }

        return reply.ToResponseMessage();
    }

    private void Record(ReceivedRequest request)
    {
        lock (_gate)
        {
            _received.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_received.Count >= _waiters[i].Count)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Records the request as it came over the wire (the raw request target, before ASP.NET Core decodes it), then replies.</summary>
    private sealed class RecordingProvider(StubServer owner, Func<ReceivedRequest, StubReply> responder) : IResponseProvider
    {
        public async Task<(IResponseMessage Message, IMapping? Mapping)> ProvideResponseAsync(IMapping mapping, HttpContext context, IRequestMessage requestMessage, WireMockServerSettings settings) =>
            (await owner.ReplyAsync(context, requestMessage, responder), null);
    }
}
