using MarketData.Client.Models;
using MarketData.Client.Streaming;

namespace MarketData.Client.Tests.Streaming;

/// <summary>An unsubscribe names each symbol with the <c>type</c> it was subscribed with (issue 9, item 6).</summary>
public sealed class StreamUnsubscribeTypeTests
{
    [Test]
    public async Task Unsubscribe_sends_the_type_each_symbol_was_subscribed_with_one_command_per_type()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "700.HK"], SymbolType.Stock).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["SPX"], SymbolType.Indices).Within();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["BTCUSDT"]).Within();

        await kit.Stream.UnsubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "SPX", "BTCUSDT", "700.HK"]).Within();

        server.Commands.Where(c => c.Cmd == "unsubscribe").Select(c => (c.Type, string.Join(",", c.Symbols))).Should().BeEquivalentTo(new[]
        {
            ((string?)"stock", "AAPL.US,700.HK"),
            ("indices", "SPX"),
            (null, "BTCUSDT"),
        });
        server.Commands.Last().Raw.Should().NotContain("\"type\"", "a symbol subscribed without a type is unsubscribed without one");
        kit.Stream.Subscriptions.Should().BeEmpty();
    }
}
