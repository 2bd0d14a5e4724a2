using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using MarketData.Client.Tests.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Reliability;

/// <summary>Defects the stream reliability suites found, each pinned by a named test.</summary>
[Category("Chaos")]
[NonParallelizable]
public sealed class StreamRegressionTests
{
    /// <summary>
    /// Found by the disposal suite (iteration 5): a pool subscribe that was spilling onto a new connection while the pool
    /// was disposed opened that connection after dispose had taken its list, so it ran (and reconnected) forever.
    /// </summary>
    [Test]
    public async Task Disposing_a_pool_while_a_subscribe_spills_onto_a_new_connection_leaves_no_connection_running()
    {
        await using var server = await LoopbackServer.StartAsync();
        var leaked = 0;
        for (var i = 0; i < 200; i++)
        {
            var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            server.OnCommand = async (conn, cmd) =>
            {
                if (cmd.Cmd != "subscribe")
                {
                    return false;
                }

                await conn.AckAsync(cmd);
                acked.TrySetResult();
                return true;
            };
            var pool = new MarketDataStreamPool(new MarketDataClientOptions
            {
                ApiKey = StreamTestKit.ApiKey,
                BaseAddress = server.BaseAddress,
                TimeProvider = new FakeTimeProvider(),
                Streaming = { MaxConnections = 5, MaxSubscriptionsPerConnection = 1 },
            });
            await pool.ConnectAsync().Within();
            var subscribe = pool.SubscribeAsync(StreamChannel.Ticker, ["A.US", "B.US", "C.US", "D.US", "E.US"]);
            await acked.Task.Within();

            await pool.DisposeAsync().AsTask().Within();

            await subscribe.ContinueWith(_ => { }, TaskScheduler.Default).Within();
            leaked += pool.Connections.Count(s => s.IsRunning);
            foreach (var stream in pool.Connections)
            {
                await stream.DisposeAsync().AsTask().Within(); // Clean up a leak so the next iteration starts clean.
            }
        }

        leaked.Should().Be(0, "every connection of a disposed pool is stopped, including one a running subscribe opened");
    }
}
