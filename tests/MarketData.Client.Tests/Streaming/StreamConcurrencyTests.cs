using MarketData.Client.Streaming;

namespace MarketData.Client.Tests.Streaming;

/// <summary>Subscribe, unsubscribe, read and dispose from many threads at once.</summary>
public sealed class StreamConcurrencyTests
{
    [Test]
    public async Task Concurrent_subscribes_and_unsubscribes_keep_client_and_server_in_agreement_without_duplicate_commands()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.SubscribeBatchSize = 3);
        var server = await kit.ConnectAsync();
        var symbols = Enumerable.Range(0, 30).Select(i => $"S{i}.US").ToArray();
        using var stopPushing = new CancellationTokenSource();
        var pusher = Task.Run(async () =>
        {
            for (var i = 0; i < 1000 && !stopPushing.IsCancellationRequested; i++)
            {
                await server.SendAsync($$$"""{"cmd":"ticker","data":{"symbol":"{{{symbols[i % symbols.Length]}}}","last_price":"{{{i}}}","timestamp":1703123456789}}""");
            }
        });
        var read = 0;
        var reader = Task.Run(async () =>
        {
            await foreach (var _ in kit.Stream.ReadAllAsync())
            {
                Interlocked.Increment(ref read);
            }
        });

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var round = 0; round < 25; round++)
            {
                var pick = symbols.OrderBy(_ => random.Next()).Take(random.Next(1, 8)).ToArray();
                var channel = (StreamChannel)random.Next(0, 2);
                if (random.Next(3) == 0)
                {
                    await kit.Stream.UnsubscribeAsync(channel, pick);
                }
                else
                {
                    await kit.Stream.SubscribeAsync(channel, pick);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).Within();
        await stopPushing.CancelAsync();
        await pusher.Within();
        await kit.Stream.PingAsync().Within();

        // Replay what the server received: never a subscribe for a held symbol, never an unsubscribe for one it does not hold.
        var held = new HashSet<(string?, string)>();
        foreach (var command in server.Commands.Where(c => c.Cmd != "ping"))
        {
            foreach (var symbol in command.Symbols)
            {
                if (command.Cmd == "subscribe")
                {
                    held.Add((command.Channel, symbol)).Should().BeTrue($"{symbol} on {command.Channel} was subscribed twice");
                }
                else
                {
                    held.Remove((command.Channel, symbol)).Should().BeTrue($"{symbol} on {command.Channel} was unsubscribed while not subscribed");
                }
            }
        }

        var client = kit.Stream.Subscriptions;
        client.Should().OnlyContain(s => s.Status == StreamSubscriptionStatus.Active);
        client.Select(s => (StreamCommands.ChannelName(s.Channel), s.Symbol)).Should().BeEquivalentTo(held.Select(h => (h.Item1!, h.Item2)));
        server.Commands.Where(c => c.Cmd == "subscribe").Should().OnlyContain(c => c.Symbols.Length <= 3);

        // Dispose while calls are in flight: they either complete or fail with a clear exception, and the reader ends.
        var late = Enumerable.Range(0, 8).Select(i => Task.Run(() => kit.Stream.SubscribeAsync(StreamChannel.Trade, [$"LATE{i}"]))).ToArray();
        await kit.Stream.DisposeAsync().AsTask().Within();
        foreach (var call in late)
        {
            var error = await call.ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default).Within();
            error.Should().Match<Exception?>(e => e == null || e is ObjectDisposedException || e is MarketDataTransportException);
        }

        await reader.Within();
        read.Should().BeGreaterThan(0);
        kit.Stream.IsRunning.Should().BeFalse();
    }
}
