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

        // The server sends continuation frames until the client says it gave up on the message (its Error event), or a cap
        // (then the error never comes and the test fails). The client's own signal ends it, not the server noticing the
        // client's reset: Kestrel discards writes to a reset connection silently, and on a busy machine it notices the reset
        // late, so a sender waiting for that wrote up to the cap (the flake of issue 9, item 14).
        using var clientGaveUp = new CancellationTokenSource();
        kit.Stream.Error += (_, _) => _ = clientGaveUp.CancelAsync();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long sent = 0;
        var sender = Task.Run(async () =>
        {
            try
            {
                while (sent < ServerCap && !clientGaveUp.IsCancellationRequested)
                {
                    await server.SendPartialAsync(chunk, clientGaveUp.Token);
                    sent += chunk.Length;
                }
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // Cancelled on the client's signal, or the client's reset reached the server first.
            }
        });

        var error = await kit.Events.NextErrorAsync();
        error.Exception.Should().BeOfType<MarketDataTransportException>().Which.Message.Should().Contain("MaxMessageBytes");
        await sender.Within();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        kit.Stream.MalformedMessages.Should().Be(1);

        // The client resets the connection instead of reading on: it reconnects, for exactly this reason, and resubscribes.
        var reconnecting = await kit.SkipBackoffAsync();
        reconnecting.Exception.Should().BeSameAs(error.Exception);
        var second = await kit.Server.NextConnectionAsync();
        (await second.NextCommandAsync("subscribe")).Symbols.Should().Equal("AAPL.US");
        await kit.Events.NextStateAsync(StreamState.Connected);
        await second.SendAsync(StreamFrames.Ticker("AAPL.US", 3, StreamFrames.T0));
        (await kit.Stream.ReadTickersAsync().TakeAsync(1))[0].LastPrice.Should().Be(3m);

        TestContext.Out.WriteLine($"endless message: server wrote {sent / 1024.0 / 1024:0.0} MiB until the client's error (MaxMessageBytes {Limit / 1024} KiB); process allocated {allocated / 1024.0 / 1024:0.0} MiB meanwhile");
        allocated.Should().BeLessThan(16L * Limit, "the client buffers at most MaxMessageBytes of one message");
        kit.Server.ConnectionCount.Should().Be(2);
    }
}
