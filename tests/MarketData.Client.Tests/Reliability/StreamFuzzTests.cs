using MarketData.Client.Diagnostics;
using System.Text;
using MarketData.Client.Http;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Streaming;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Seeded fuzzing of realtime frames (the <see cref="JsonMutator"/> of the REST fuzzer applied to every frame kind):
/// in process through the real <see cref="StreamMessageDecoder"/> (200,000 cases; MARKETDATA_FUZZ_CASES raises it), and
/// end to end through a socket (MARKETDATA_STREAM_FUZZ_SOCKET_CASES, default 20,000). The only outcomes allowed are a
/// decoded message, an answer, an ignored kind, or a counted malformed frame with a typed error; the read loop never dies.
/// </summary>
[Category("Fuzz")]
public sealed class StreamFuzzTests
{
    public static int SocketCases => int.TryParse(Environment.GetEnvironmentVariable("MARKETDATA_STREAM_FUZZ_SOCKET_CASES"), out var n) && n > 0 ? n : 20_000;

    [Test]
    public void Mutated_frames_decode_or_are_reported_as_typed_malformed_frames()
    {
        var mutator = new JsonMutator(FuzzTests.Seed);
        var decoder = new StreamMessageDecoder(new FixedResolver());
        var errors = new StreamExceptionFactory(new SecretRedactor(StreamTestKit.ApiKey));
        var corpus = StreamFrames.Corpus;
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < FuzzTests.Cases; i++)
        {
            var frame = mutator.Mutate(corpus[i % corpus.Count], out var description);
            string outcome;
            try
            {
                var decoded = decoder.Decode(frame);
                outcome = decoded.Kind switch
                {
                    FrameKind.Data => Data(decoded),
                    FrameKind.Reply when decoded.Code is not null => errors.FromReply(decoded, "subscribe ticker").GetType().Name,
                    FrameKind.Reply => "reply",
                    FrameKind.Ignored => "ignored",
                    _ => Malformed(errors, decoded, frame),
                };
            }
            catch (Exception ex)
            {
                Assert.Fail($"Case {i} (seed {FuzzTests.Seed}, frame {i % corpus.Count}, {description}) threw {ex}");
                return;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Out.WriteLine($"stream fuzz (decoder): {FuzzTests.Cases} cases, seed {FuzzTests.Seed}: {string.Join(", ", outcomes.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))}");
        outcomes.Values.Sum().Should().Be(FuzzTests.Cases);
        outcomes.Keys.Should().Contain(["data", "malformed", "reply", "ignored"]);
    }

    [Test]
    public void The_corpus_5004_frame_decodes_to_the_partial_result_the_contract_defines()
    {
        var decoder = new StreamMessageDecoder(new FixedResolver());
        var errors = new StreamExceptionFactory(new SecretRedactor(StreamTestKit.ApiKey));
        var frame = StreamFrames.Corpus.Single(f => Encoding.UTF8.GetString(f) == StreamFrames.Partial5004);

        var decoded = decoder.Decode(frame);

        decoded.Kind.Should().Be(FrameKind.Reply);
        var error = errors.FromReply(decoded, "subscribe ticker").Should().BeOfType<RealtimeDataUnavailableException>().Subject;
        error.Channel.Should().Be("ticker");
        error.SubscribedSymbols.Should().Equal("AAPL.US");
        error.FailedSymbols.Should().Equal("X.US", "Y.US");
        error.RetryableSymbols.Should().Equal("X.US");
        error.Retryable.Should().BeTrue();
    }

    [Test]
    public async Task Mutated_frames_through_a_socket_never_stop_the_read_loop_and_every_frame_is_accounted_for()
    {
        await using var kit = await StreamTestKit.StartAsync(o => o.Streaming.MaxMessageBytes = 16 * 1024 * 1024);
        var server = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "700.HK", "BTCUSDT"]).Within();
        var mutator = new JsonMutator(FuzzTests.Seed + 1);
        var corpus = StreamFrames.Corpus;
        var received = new List<StreamMessage>();
        var reader = Task.Run(async () =>
        {
            await foreach (var message in kit.Stream.ReadAllAsync())
            {
                received.Add(message);
                if (message.Symbol == "END")
                {
                    return;
                }
            }
        });

        // Invalid UTF-8 in a text message fails the WebSocket itself (RFC 6455 §8.1: the client closes with 1007 and
        // reconnects); such cases are covered in process above and by A_text_frame_with_invalid_utf8_resets_the_connection_with_a_typed_error.
        var sent = 0;
        for (var i = 0; i < SocketCases; i++)
        {
            var frame = mutator.Mutate(corpus[i % corpus.Count], out _);
            if (System.Text.Unicode.Utf8.IsValid(frame))
            {
                await server.SendFramesAsync(frame);
                sent++;
            }
        }

        await server.SendAsync(StreamFrames.Ticker("END", 1, StreamFrames.T0));
        await reader.WaitAsync(TimeSpan.FromSeconds(60));

        var replyErrors = kit.Events.Errors.Count(e => e.Exception.Code != ErrorCode.MalformedResponse);
        var accounted = kit.Stream.ReceivedMessages - 1 + kit.Stream.MalformedMessages + kit.Stream.IgnoredMessages + replyErrors;
        TestContext.Out.WriteLine(
            $"stream fuzz (socket): {sent} frames of {SocketCases} cases, seed {FuzzTests.Seed + 1}: {kit.Stream.ReceivedMessages - 1} decoded, {kit.Stream.MalformedMessages} malformed, " +
            $"{kit.Stream.IgnoredMessages} ignored, {replyErrors} error replies; connections {kit.Server.ConnectionCount}");
        kit.Stream.State.Should().Be(StreamState.Connected);
        kit.Server.ConnectionCount.Should().Be(1, "no frame below MaxMessageBytes may reset the connection");
        received.Should().HaveCount((int)kit.Stream.ReceivedMessages);
        kit.Stream.MalformedMessages.Should().Be(kit.Events.Errors.Count(e => e.Exception.Code == ErrorCode.MalformedResponse));
        kit.Events.Errors.Should().AllSatisfy(e => e.Exception.Should().BeAssignableTo<MarketDataException>());
        accounted.Should().Be(sent, "every frame is a message, a counted malformed or ignored frame, or an error reply");
    }

    [Test]
    public async Task A_text_frame_with_invalid_utf8_resets_the_connection_with_a_typed_error_and_the_session_recovers()
    {
        await using var kit = await StreamTestKit.StartAsync();
        var server = await kit.ConnectAsync();
        await kit.Stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US"]).Within();

        await server.SendFramesAsync([.. "{\"cmd\":\"ticker\",\"data\":{\"symbol\":\""u8, 0xC3, 0x28, .. "\"}}"u8]);

        var reconnecting = await kit.SkipBackoffAsync();
        reconnecting.Exception.Should().BeAssignableTo<MarketDataException>();
        var second = await kit.Server.NextConnectionAsync();
        (await second.NextCommandAsync("subscribe")).Symbols.Should().Equal("AAPL.US");
        await kit.Events.NextStateAsync(StreamState.Connected);
        await second.SendAsync(StreamFrames.Ticker("AAPL.US", 2, StreamFrames.T0));
        (await kit.Stream.ReadTickersAsync().TakeAsync(1))[0].LastPrice.Should().Be(2m);
    }

    private static string Data(DecodedFrame frame)
    {
        frame.Message.Should().NotBeNull();
        frame.Message!.Symbol.Should().NotBeNull();
        return "data";
    }

    private static string Malformed(StreamExceptionFactory errors, DecodedFrame frame, byte[] bytes)
    {
        frame.Problem.Should().NotBeNullOrEmpty();
        var error = errors.Malformed(frame.Problem!, bytes.AsSpan(0, Math.Min(bytes.Length, 512)));
        error.Code.Should().Be(ErrorCode.MalformedResponse);
        return "malformed";
    }

    private sealed class FixedResolver : ISymbolResolver
    {
        public int Version => 0;

        public string? Resolve(string pushedSymbol) => pushedSymbol switch
        {
            "700" => "700.HK",
            "AAPL.US" or "BTCUSDT" => pushedSymbol,
            _ => null,
        };
    }
}
