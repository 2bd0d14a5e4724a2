using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// The one scriptable loopback server of the SDK's own tests (Kestrel on 127.0.0.1), for what WireMock or the simulator
/// cannot do. Every request is recorded when it arrives, before any reply (so a test can wait for "N requests received"
/// while a reply is held). Per test it answers:
/// HTTP routes with <see cref="StubReply"/> lists or a free <see cref="RequestDelegate"/> (<c>LoopbackServer.Http.cs</c>);
/// raw bytes written on the TCP connection, then a reset (<c>LoopbackServer.Raw.cs</c>);
/// WebSocket upgrades on <c>/v1/realtime</c>: accept, refuse, hang, then scripted frames (<c>LoopbackServer.WebSocket.cs</c>).
/// A request nothing answers gets 404 with code <c>NO_STUB</c>.
/// </summary>
internal sealed partial class LoopbackServer : IAsyncDisposable
{
    /// <summary>How long any awaited signal of the server may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly List<ReceivedRequest> _received = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication _app = null!;
    private int _tcpConnections;

    private LoopbackServer()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The clock whose time is stamped on each received request (the fake clock of resilience tests).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Every request received (HTTP, upgrade or raw), in arrival order.</summary>
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

    public int Requests
    {
        get
        {
            lock (_gate)
            {
                return _received.Count;
            }
        }
    }

    /// <summary>TCP connections accepted so far.</summary>
    public int TcpConnections => Volatile.Read(ref _tcpConnections);

    public static async Task<LoopbackServer> StartAsync()
    {
        var server = new LoopbackServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxConcurrentConnections = null;
            k.Listen(IPAddress.Loopback, 0, listen => listen.Use(server.OnConnection));
        });
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(server.HandleAsync);
        server._app = app;
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>A client for this server with the sentinel key; <paramref name="configure"/> adjusts the options.</summary>
    public MarketDataClient CreateClient(Action<MarketDataClientOptions>? configure = null) => ClientFor(BaseAddress, configure);

    /// <summary>A client for any server on loopback with the sentinel key; <paramref name="configure"/> adjusts the options.</summary>
    public static MarketDataClient ClientFor(Uri baseAddress, Action<MarketDataClientOptions>? configure = null)
    {
        var options = new MarketDataClientOptions { ApiKey = SentinelKey.Value, BaseAddress = baseAddress };
        configure?.Invoke(options);
        return new MarketDataClient(options);
    }

    /// <summary>An address on loopback where nothing listens (connections are refused).</summary>
    public static Uri ClosedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>Forgets every script and every received request (between the tests of a fixture that shares the server).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _received.Clear();
        }

        Clock = TimeProvider.System;
        ResetHttp();
        ResetRaw();
        ResetWebSocket();
    }

    /// <summary>Completes when at least <paramref name="count"/> requests have arrived; fails after <see cref="Patience"/>.</summary>
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
            return signal.Task.WaitAsync(Patience);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        AbortWebSockets();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var received = ReceivedRequest.From(context, Clock.GetUtcNow());
        Record(received);
        if (FindRoute(received) is { } route)
        {
            await ReplyAsync(context, route(received));
        }
        else if (context.Request.Path == RealtimePath)
        {
            await UpgradeAsync(context);
        }
        else if (_handler is { } handler)
        {
            await handler(context);
        }
        else
        {
            await ReplyAsync(context, StubReply.Error(404, "NO_STUB", "no route for " + received));
        }
    }

    /// <summary>Records the request and returns its 0-based index.</summary>
    private int Record(ReceivedRequest request)
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

            return _received.Count - 1;
        }
    }
}
