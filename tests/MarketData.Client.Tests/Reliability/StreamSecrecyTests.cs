using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using MarketData.Client.Tests.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Secret hygiene across the stream: with a sentinel key, drives connect, reconnect, refused upgrades, every error code,
/// malformed frames and close reasons that echo the key, with logging at Trace and listeners on every activity and metric
/// tag, and searches every captured string for the key and its escaped forms.
/// </summary>
[Category("Security")]
[NonParallelizable]
public sealed class StreamSecrecyTests
{
    private static readonly string[] Codes =
    [
        "1000", "1001", "1002", "1003", "1004", "1005", "2001", "2002", "2003", "2004", "2005", "2006", "2008", "3001", "3002", "3003",
        "3004", "3005", "3006", "3007", "3008", "3009", "3010", "3011", "3012", "4001", "4002", "4003", "4004", "4005", "5000", "5001",
        "5002", "5003", "5004", "5005", "5006", "AMBIGUOUS_SYMBOL", "9999",
    ];

    private static readonly string Echo = $"your key {SentinelKey.Value} ({SentinelKey.Escaped}) was refused";

    [Test]
    public async Task The_key_appears_in_no_log_line_tag_exception_event_or_ToString_on_any_stream_path()
    {
        var captured = new ConcurrentQueue<string>();
        var logs = new LogCapture();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "MarketData.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => captured.Enqueue($"{a.DisplayName} {a.StatusDescription} {string.Join(";", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {string.Join(";", a.Events.SelectMany(e => e.Tags).Select(t => $"{t.Key}={t.Value}"))}"),
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener { MeasurementsCompleted = (_, _) => { } }; // .NET 8: without MeasurementsCompleted, Dispose does not stop measurements (dotnet/runtime#102465).
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "MarketData.Client")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => captured.Enqueue($"{i.Name}={v} {string.Join(";", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}"));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => captured.Enqueue($"{i.Name}={v} {string.Join(";", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}"));
        meters.Start();

        await using var server = await LoopbackServer.StartAsync();
        MarketDataClientOptions Options(int? maxAttempts = null)
        {
            var options = new MarketDataClientOptions
            {
                ApiKey = SentinelKey.Value,
                BaseAddress = server.BaseAddress,
                TimeProvider = new FakeTimeProvider(),
                LoggerFactory = logs.CreateFactory(),
                Streaming = { MaxReconnectAttempts = maxAttempts, MaxMessageBytes = 1024 },
            };
            captured.Enqueue(options.ToString());
            captured.Enqueue(options.Streaming.ToString() ?? string.Empty);
            return options;
        }

        void Watch(MarketDataStream stream)
        {
            captured.Enqueue(stream.ToString());
            captured.Enqueue(stream.Url);
            stream.StateChanged += (_, e) => captured.Enqueue($"{e} {e.Exception}");
            stream.Error += (_, e) => captured.Enqueue($"{e} {e.Exception} {e.Exception.Details.ServerMessage}");
        }

        // Refused upgrades: 401, 403 close the stream; 429 and 5xx are retried (here: no retry allowed).
        foreach (var status in new[] { 401, 403, 429, 500, 502, 503 })
        {
            server.OnUpgrade = _ => new StubReply(status, $$"""{"code":"{{status}}","message":"{{Echo}}"}""").RetryAfter(status == 429 ? "1" : null);
            await using var refused = new MarketDataStream(Options(maxAttempts: 0));
            Watch(refused);
            var failure = await Catch(refused.ConnectAsync().WaitAsync(LoopbackServer.Patience));
            captured.Enqueue($"{failure} {(failure as MarketDataException)?.Details.ServerMessage}");
        }

        server.OnUpgrade = _ => null;
        var stream = new MarketDataStream(Options());
        Watch(stream);
        await stream.ConnectAsync().WaitAsync(LoopbackServer.Patience);
        var connection = server.Connections.Last();

        // Every error code as the answer to a subscribe, with the key echoed in the message and the data.
        var refuse = new ConcurrentQueue<string>(Codes);
        server.OnCommand = async (conn, cmd) =>
        {
            if (cmd.Cmd == "subscribe" && cmd.Symbols[0].StartsWith("REFUSE", StringComparison.Ordinal) && refuse.TryDequeue(out var code))
            {
                var codeJson = long.TryParse(code, out _) ? code : $"\"{code}\"";
                await conn.SendAsync($$$"""{"cmd":"subscribe","code":{{{codeJson}}},"message":"{{{Echo}}}","data":{"channel":"ticker","symbols":[],"failed_symbols":["REFUSE.US"],"retryable_symbols":[],"retryable":false,"available_types":["stock"],"suggestion":"{{{Echo}}}"}}""");
                return true;
            }

            return false;
        };
        foreach (var code in Codes)
        {
            var failure = await Catch(stream.SubscribeAsync(StreamChannel.Ticker, ["REFUSE.US"]).WaitAsync(LoopbackServer.Patience));
            captured.Enqueue($"{code}: {failure} {(failure as MarketDataException)?.Details.ServerMessage}");
        }

        // Unsolicited errors, malformed and oversized frames that carry the key, a close reason that carries it, a reconnect.
        await connection.SendAsync($$"""{"cmd":"error","code":5001,"message":"{{Echo}}"}""");
        await connection.SendAsync($"not json {SentinelKey.Value} {SentinelKey.Escaped}");
        await connection.SendAsync($$$"""{"cmd":"ticker","data":{"symbol":"{{{SentinelKey.Value}}}","timestamp":"x"}}""");
        await Reconnected(stream, server, () => connection.SendAsync($$$"""{"cmd":"ticker","data":{"symbol":"X","last_price":"1","timestamp":1,"pad":"{{{SentinelKey.Value}}}{{{new string('k', 2048)}}}"}}""").ContinueWith(_ => { }, TaskScheduler.Default));
        await Reconnected(stream, server, () => server.Connections.Last().Socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "bye " + SentinelKey.Value, CancellationToken.None));
        captured.Enqueue((await stream.PingAsync().WaitAsync(LoopbackServer.Patience)).ToString());
        await stream.DisposeAsync().AsTask().WaitAsync(LoopbackServer.Patience);

        var pool = new MarketDataStreamPool(Options());
        captured.Enqueue(pool.ToString() ?? string.Empty);
        await pool.ConnectAsync().WaitAsync(LoopbackServer.Patience);
        await pool.DisposeAsync().AsTask().WaitAsync(LoopbackServer.Patience);
        meters.RecordObservableInstruments();

        var everything = captured.Concat(logs.Entries).ToArray();
        TestContext.Out.WriteLine($"stream secrecy: {everything.Length} captured strings ({logs.Entries.Count} log entries), {Codes.Length} error codes, 6 refused upgrades; hits: {everything.Count(SentinelKey.Leaks)}");
        server.UpgradeQueries.Should().Contain(q => q.Contains(SentinelKey.Escaped, StringComparison.Ordinal), "the real key was sent, so the search is meaningful");
        everything.Where(SentinelKey.Leaks).Should().BeEmpty();
        logs.Entries.Should().Contain(e => e.Contains("api_key=***", StringComparison.Ordinal));
        everything.Should().Contain(e => e.Contains("refused", StringComparison.Ordinal), "the server's messages were captured (redacted)");
    }

    private static async Task Reconnected(MarketDataStream stream, LoopbackServer server, Func<Task> drop)
    {
        var before = server.ConnectionCount;
        var time = (FakeTimeProvider)stream.Options.TimeProvider;
        var reconnecting = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.StateChanged += (_, e) =>
        {
            if (e.State == StreamState.Reconnecting)
            {
                reconnecting.TrySetResult(e.Delay!.Value);
            }
            else if (e.State == StreamState.Connected)
            {
                connected.TrySetResult();
            }
        };
        await drop();
        time.Advance(await reconnecting.Task.WaitAsync(LoopbackServer.Patience));
        await connected.Task.WaitAsync(LoopbackServer.Patience);
        server.ConnectionCount.Should().Be(before + 1);
    }

    private static async Task<Exception?> Catch(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
