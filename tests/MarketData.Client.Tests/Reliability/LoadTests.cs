using MarketData.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace MarketData.Client.Tests.Reliability;

/// <summary>1,000 concurrent calls through one client: all succeed over a bounded, reused set of connections.</summary>
[Category("Load")]
[NonParallelizable]
public sealed class LoadTests
{
    [Test]
    public async Task A_thousand_concurrent_calls_reuse_a_bounded_number_of_connections()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = 0;
        await using var server = await LoopbackServer.StartAsync();
        server.Handle(async context =>
        {
            // Hold the first replies until many calls are in flight, so the pool is really under pressure.
            if (Interlocked.Increment(ref waiting) == MarketDataClient.MaxConnectionsPerServer)
            {
                release.TrySetResult();
            }

            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var symbol = context.Request.Query["symbols"].ToString();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"code":0,"message":"success","data":[{"symbol":"{{symbol}}","last_price":"1.5","timestamp":1773259201000}]}""");
        });
        using var client = new MarketDataClient(new MarketDataClientOptions { ApiKey = "load-key", BaseAddress = server.BaseAddress });

        var calls = Enumerable.Range(0, 1000).Select(i => client.GetTickersAsync([$"S{i}"])).ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

        results.Select(r => r.Single().Symbol).Should().BeEquivalentTo(Enumerable.Range(0, 1000).Select(i => $"S{i}"));
        server.Requests.Should().Be(1000);
        server.TcpConnections.Should().BeLessThanOrEqualTo(MarketDataClient.MaxConnectionsPerServer, "connections are pooled and bounded, not one socket per call");
        TestContext.Out.WriteLine($"load: 1000 concurrent calls over {server.TcpConnections} connections");
    }

    [Test]
    public async Task Disposing_the_client_during_calls_and_retries_ends_them_promptly_without_unobserved_exceptions()
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            var turn = 0;
            await using var server = await LoopbackServer.StartAsync();
            server.Handle(async context =>
            {
                // Alternate a transient error (the client backs off and retries) with a reply that never comes.
                if (Interlocked.Increment(ref turn) % 2 == 0)
                {
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("""{"code":5001,"message":"down"}""");
                    return;
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
            });

            var slowestDispose = TimeSpan.Zero;
            for (var round = 0; round < 1000; round++)
            {
                var client = new MarketDataClient(new MarketDataClientOptions
                {
                    ApiKey = "dispose-key",
                    BaseAddress = server.BaseAddress,
                    Resilience = { BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(30), UseJitter = false },
                });
                var inFlight = Enumerable.Range(0, 4).Select(i => client.GetTickersAsync([$"R{round}-{i}"])).ToArray();
                await Task.Yield();
                var disposeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                client.Dispose();
                slowestDispose = TimeSpan.FromTicks(Math.Max(slowestDispose.Ticks, System.Diagnostics.Stopwatch.GetElapsedTime(disposeStarted).Ticks));
                foreach (var call in inFlight)
                {
                    var act = () => call.WaitAsync(TimeSpan.FromSeconds(10));
                    (await act.Should().ThrowAsync<ObjectDisposedException>()).Which.ObjectName.Should().Be(nameof(MarketDataClient));
                }
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            unobserved.Should().Be(0);

            // Reported, not asserted (no wall-clock assertions): the awaited calls above prove there is no deadlock.
            TestContext.Out.WriteLine($"dispose: 1000 rounds x 4 calls in flight, slowest Dispose {slowestDispose.TotalMilliseconds:0.0} ms");
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }
}
