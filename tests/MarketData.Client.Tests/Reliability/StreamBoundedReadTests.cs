using System.Text;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Streaming;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Bounded reads on the stream: a message that never ends (continuation frames forever) is cut at MaxMessageBytes with a
/// typed error and a reconnect, and the client allocates about MaxMessageBytes, not what the server sends. (A single frame
/// over the limit is covered by StreamMessageTests.A_frame_over_MaxMessageBytes_is_reported_and_the_connection_is_reset_and_restored.)
/// </summary>
[Category("Chaos")]
[NonParallelizable]
public sealed class StreamBoundedReadTests
{
    private const int Limit = 1024 * 1024;
    private const long ServerCap = 256L * 1024 * 1024;

    [Test]
    public async Task An_endless_message_is_cut_at_MaxMessageBytes_with_a_typed_error_and_a_reconnect_and_memory_stays_bounded()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.MaxMessageBytes = Limit);
        var server = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();
        var chunk = Encoding.UTF8.GetBytes("{\"cmd\":\"ticker\",\"data\":{\"symbol\":\"AAPL.US\",\"pad\":\"" + new string('x', 64 * 1024));
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // The server sends continuation frames until it sees the client drop the connection (Kestrel discards writes to an
        // aborted connection silently, so the server's own end is the signal), or a cap, which would fail the test.
        long sent = 0;
        var sender = Task.Run(async () =>
        {
            try
            {
                while (sent < ServerCap && !server.Closed.IsCompleted)
                {
                    await server.SendPartialAsync(chunk);
                    sent += chunk.Length;
                }
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // Reset by the client: expected.
            }
        });

        var error = await kit.Events.NextErrorAsync();
        error.Exception.Should().BeOfType<MarketDataTransportException>().Which.Message.Should().Contain("MaxMessageBytes");
        var reconnecting = await kit.SkipBackoffAsync();
        reconnecting.Exception.Should().BeSameAs(error.Exception);
        await server.Closed.Within();
        await sender.WaitAsync(TimeSpan.FromSeconds(60));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var second = await kit.Server.NextConnectionAsync();
        (await second.NextCommandAsync("subscribe")).Symbols.Should().Equal("AAPL.US");
        await kit.Events.NextStateAsync(StreamState.Connected);
        await second.SendAsync(StreamFrames.Ticker("AAPL.US", 3, StreamFrames.T0));
        (await kit.Stream.ReadTickersAsync().TakeAsync(1))[0].LastPrice.Should().Be(3m);

        TestContext.Out.WriteLine($"endless message: server wrote {sent / 1024.0 / 1024:0.0} MiB before it saw the reset (MaxMessageBytes {Limit / 1024} KiB); process allocated {allocated / 1024.0 / 1024:0.0} MiB meanwhile");
        sent.Should().BeLessThan(ServerCap, "the client resets the connection instead of reading on");
        allocated.Should().BeLessThan(16L * Limit, "the client buffers at most MaxMessageBytes of one message");
        kit.Stream.MalformedMessages.Should().Be(1);
    }
}
