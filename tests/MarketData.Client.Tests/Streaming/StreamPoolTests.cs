using System.Net.WebSockets;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketData.Client.Tests.Streaming;

/// <summary>More symbols than one connection carries, and the stream from dependency injection.</summary>
public sealed class StreamPoolTests
{
    [Test]
    public async Task The_pool_fills_connections_up_to_their_limit_opens_more_up_to_MaxConnections_and_merges_their_messages()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var options = kit.Options();
        options.Streaming.MaxConnections = 3;
        options.Streaming.MaxSubscriptionsPerConnection = 2;
        await using var pool = new MarketDataStreamPool(options);
        var events = new StreamRecorder(pool);

        await pool.ConnectAsync().Within();
        await pool.SubscribeAsync(StreamChannel.Ticker, ["A", "B", "C", "D", "E"]).Within();

        pool.Connections.Should().HaveCount(3).And.OnlyContain(s => s.State == StreamState.Connected);
        var servers = new[] { await kit.Server.NextConnectionAsync(), await kit.Server.NextConnectionAsync(), await kit.Server.NextConnectionAsync() };
        servers.Select(s => string.Join(",", s.Commands.SelectMany(c => c.Symbols))).Should().Equal("A,B", "C,D", "E");
        events.States.Where(e => e.State == StreamState.Connected).Select(e => e.ConnectionIndex).Should().BeEquivalentTo([0, 1, 2]);

        foreach (var server in servers)
        {
            await server.SendAsync($$$"""{"cmd":"ticker","data":{"symbol":"{{{server.Commands.First().Symbols[0]}}}","last_price":"{{{server.Index}}}","timestamp":1703123456789}}""");
        }

        (await pool.ReadTickersAsync().TakeAsync(3)).Select(t => t.Symbol).Should().BeEquivalentTo("A", "C", "E");

        await pool.Invoking(p => p.SubscribeAsync(StreamChannel.Ticker, ["F", "G"]).Within()).Should().ThrowAsync<SubscriptionLimitExceededException>();
        pool.Subscriptions.Select(s => s.Symbol).Should().BeEquivalentTo("A", "B", "C", "D", "E", "F");
        servers[2].Commands.Last().Symbols.Should().Equal("F");

        await pool.UnsubscribeAsync(StreamChannel.Ticker, ["A"]).Within();
        servers[0].Commands.Last().Should().Match<ReceivedCommand>(c => c.Cmd == "unsubscribe" && c.Symbols.Single() == "A");
        await pool.SubscribeAsync(StreamChannel.Ticker, ["G"]).Within();
        servers[0].Commands.Last().Should().Match<ReceivedCommand>(c => c.Cmd == "subscribe" && c.Symbols.Single() == "G");
        kit.Server.ConnectionCount.Should().Be(3);

        await pool.DisposeAsync();
        foreach (var server in servers)
        {
            (await server.Closed.Within()).Should().Be(WebSocketCloseStatus.NormalClosure);
        }

        pool.Connections.Should().OnlyContain(s => !s.IsRunning);
    }

    [Test]
    public async Task When_a_connection_hits_the_servers_subscription_limit_the_pool_moves_on_to_the_next_connection()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var held = new Dictionary<int, int>();
        kit.Server.OnCommand = async (connection, command) =>
        {
            if (command.Cmd != "subscribe")
            {
                return false;
            }

            bool fits;
            lock (held)
            {
                held.TryGetValue(connection.Index, out var count);
                fits = count + command.Symbols.Length <= 2;
                if (fits)
                {
                    held[connection.Index] = count + command.Symbols.Length;
                }
            }

            await (fits ? connection.AckAsync(command) : connection.RefuseAsync(command, "3004"));
            return true;
        };
        var options = kit.Options();
        options.Streaming.MaxConnections = 2;
        await using var pool = new MarketDataStreamPool(options);
        await pool.ConnectAsync().Within();

        await pool.SubscribeAsync(StreamChannel.Ticker, ["A", "B"]).Within();
        await pool.SubscribeAsync(StreamChannel.Ticker, ["C"]).Within();

        pool.Connections.Should().HaveCount(2);
        pool.Connections[0].Subscriptions.Select(s => s.Symbol).Should().BeEquivalentTo("A", "B");
        pool.Connections[1].Subscriptions.Select(s => s.Symbol).Should().BeEquivalentTo("C");
        await pool.SubscribeAsync(StreamChannel.Ticker, ["D"]).Within();
        pool.Connections[1].Subscriptions.Select(s => s.Symbol).Should().BeEquivalentTo("C", "D");
        await pool.Invoking(p => p.SubscribeAsync(StreamChannel.Ticker, ["E"]).Within()).Should().ThrowAsync<SubscriptionLimitExceededException>();
    }

    [Test]
    public async Task Dependency_injection_resolves_a_configured_stream_and_disposes_it_with_the_container()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(kit.Time);
        services.AddMarketDataClient(o =>
        {
            o.ApiKey = StreamTestKit.ApiKey;
            o.BaseAddress = kit.Server.BaseAddress;
            o.Streaming.HeartbeatInterval = TimeSpan.FromSeconds(2);
        });
        services.AddMarketDataStream(); // AddMarketDataClient registers the REST client only
        ServerConnection server;
        MarketDataStream stream;
        await using (var provider = services.BuildServiceProvider())
        {
            stream = provider.GetRequiredService<MarketDataStream>();
            provider.GetRequiredService<MarketDataStream>().Should().BeSameAs(stream);
            provider.GetRequiredService<MarketDataStreamPool>().Should().NotBeNull();
            stream.Options.TimeProvider.Should().BeSameAs(kit.Time);
            stream.Options.Streaming.HeartbeatInterval.Should().Be(TimeSpan.FromSeconds(2));
            await stream.ConnectAsync().Within();
            server = await kit.Server.NextConnectionAsync();
        }

        (await server.Closed.Within()).Should().Be(WebSocketCloseStatus.NormalClosure);
        stream.State.Should().Be(StreamState.Closed);

        var alone = new ServiceCollection().AddMarketDataStream(o =>
        {
            o.ApiKey = StreamTestKit.ApiKey;
            o.BaseAddress = kit.Server.BaseAddress;
        });
        await using var second = alone.BuildServiceProvider();
        second.GetRequiredService<MarketDataStream>().Url.Should().EndWith("/v1/realtime?api_key=***");
    }
}
