using MarketData.Client.Tests.Infrastructure;
using Polly;
using Polly.CircuitBreaker;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// The API key never shows in an exception (message, ToString, properties), a log line at any level, or telemetry, on
/// success and on every failure path, even when the server echoes it back (verbatim or URL-escaped) in a message or a body.
/// Telemetry is captured by real listeners (<see cref="TelemetryCapture"/>): the SDK's activities and metrics, the runtime's
/// System.Net.Http activities and HttpHandlerDiagnosticListener events. Every string is searched for the key, its escaped
/// forms and any 10 consecutive characters of them; the SDK's listeners must have captured something whenever a call was made,
/// and the runtime's nothing (the SDK's handler runs without .NET's DiagnosticsHandler).
/// </summary>
[Category("Security")]
[NonParallelizable]
public sealed class ApiKeySecrecyTests : StubFixture
{
    private const string Path = "/v1/market/ticker";
    private static readonly string Echo = $"key {SentinelKey.Value} (as sent: {SentinelKey.Escaped}) is not valid";
    private LogCapture _logs = null!;
    private TelemetryCapture _telemetry = null!;
    private List<string> _seen = null!;
    private int _calls;

    [SetUp]
    public void CaptureEverything()
    {
        _logs = new LogCapture();
        _telemetry = new TelemetryCapture();
        _seen = [];
        _calls = 0;
    }

    [TearDown]
    public void NothingLeaked()
    {
        _telemetry.Dispose();
        var everything = _seen.Concat(_logs.Entries).Concat(_telemetry.All).ToList();
        _logs.Dispose();
        TestContext.Out.WriteLine(
            $"captured: {_seen.Count} outcome strings, {_logs.Entries.Count} log entries, {_telemetry.SdkActivities.Count} SDK activities, " +
            $"{_telemetry.SdkMeasurements.Count} SDK measurements, {_telemetry.HttpActivities.Count} System.Net.Http activities, " +
            $"{_telemetry.DiagnosticEvents.Count} HttpHandlerDiagnosticListener events ({_telemetry.RequestsWithKeyHeader} requests carried the X-API-Key header)");
        everything.Should().NotBeEmpty("the scenario must produce something to search");
        if (_calls > 0)
        {
            // Each listener really listened: a search of nothing proves nothing.
            _logs.Messages.Should().NotBeEmpty("the SDK logs every call at Trace/Debug");
            _telemetry.SdkActivities.Should().NotBeEmpty("the SDK starts a span per call");
            _telemetry.SdkMeasurements.Should().NotBeEmpty("the SDK records the duration of every call");
            // The SDK's handler runs without .NET's DiagnosticsHandler (ActivityHeadersPropagator = null, docs/observability.md), whose
            // System.Net.Http span and HttpHandlerDiagnosticListener events carry the request with its X-API-Key header. That these
            // listeners do catch the key when the handler is there is shown by RuntimeDiagnosticsSecrecyTests' control test.
            _telemetry.HttpActivities.Should().BeEmpty("the SDK's handler has no DiagnosticsHandler");
            _telemetry.DiagnosticEvents.Should().BeEmpty("the SDK's handler raises no HttpHandlerDiagnosticListener events");
        }

        everything.Where(SentinelKey.Leaks).Should().BeEmpty("the API key must never appear in an exception, a log line or telemetry");
    }

    private static IEnumerable<TestCaseData> ServerReplies()
    {
        var filler = new string('x', 240);
        (string Name, StubReply Reply)[] replies =
        [
            ("success", StubReply.Ok(ContractExamples.Tickers)),
            ("an error whose message echoes the key", StubReply.Error(401, 1001, Echo)),
            ("an error whose message is long and echoes the key at the cut", StubReply.Error(401, 1001, new string('m', 190) + Echo)),
            ("an ambiguous symbol whose data echoes the key", new StubReply(400, Envelope.Error("\"AMBIGUOUS_SYMBOL\"", Echo, $$"""{"available_types":["stock"],"key":"{{SentinelKey.Value}}"}"""))),
            ("an HTML 502 that echoes the key", new StubReply(502, $"<html><body>Bad Gateway for {SentinelKey.Value} / {SentinelKey.Escaped}</body></html>", "text/html")),
            ("an HTML 502 with the key across the excerpt cut", new StubReply(502, filler + SentinelKey.Value + "</html>", "text/html")),
            ("an HTML 502 with the escaped key across the excerpt cut", new StubReply(502, filler + SentinelKey.Escaped + "</html>", "text/html")),
            ("a cut-off body that echoes the key", new StubReply(200, $$"""{"code":0,"message":"{{SentinelKey.Value}}","data":[{"symbol":"AA""")),
            ("data null with the key in the message", new StubReply(200, $$"""{"code":0,"message":"{{SentinelKey.Value}}","data":null}""")),
            ("data of the wrong shape with the key in it", new StubReply(200, $$"""{"code":0,"message":"ok","data":"{{SentinelKey.Value}}"}""")),
            ("an empty 401", new StubReply(401, null)),
            ("a 200 that is plain text with the key", new StubReply(200, "ok " + SentinelKey.Value, "text/plain")),
        ];
        return replies.Select(r => new TestCaseData(r.Reply).SetName("The key does not leak from " + r.Name));
    }

    [TestCaseSource(nameof(ServerReplies))]
    public async Task The_key_does_not_leak_from_a_server_reply(StubReply reply)
    {
        Stub.OnGet(Path, reply);
        using var client = CreateClient(o => o.Resilience.Enabled = false);

        await CallAsync(() => client.GetTickersAsync(["AAPL.US"]));

        Stub.Single.ApiKeys.Should().Equal([SentinelKey.Value], "the key did travel, in its header");
    }

    [Test]
    public async Task The_key_does_not_leak_from_retries_that_run_out()
    {
        Stub.OnGet(Path, StubReply.Error(429, 3001, Echo).RetryAfter("0"), StubReply.Error(503, 5001, Echo));
        using var client = CreateClient(o =>
        {
            o.Resilience.RetryAfterMargin = TimeSpan.Zero;
            o.Resilience.BaseDelay = TimeSpan.Zero;
        });

        await CallAsync(() => client.GetTickersAsync(["AAPL.US"]));

        Stub.Received.Should().HaveCount(4);
        _logs.Messages.Should().Contain(m => m.Contains("Retrying", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_key_does_not_leak_from_a_timeout()
    {
        var clock = new FakeClock();
        Stub.OnGet(Path, StubReply.Held);
        using var client = CreateClient(o =>
        {
            o.TimeProvider = clock;
            o.Resilience.Enabled = false;
        });

        var call = CallAsync(() => client.GetTickersAsync(["AAPL.US"]));
        await clock.AdvanceThroughAsync(client.Options.Resilience.AttemptTimeout);
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        _seen.Should().Contain(s => s.Contains(nameof(MarketDataTimeoutException), StringComparison.Ordinal));
    }

    [Test]
    public async Task The_key_does_not_leak_from_a_dropped_connection()
    {
        Stub.ReplyRaw(_ => "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + SentinelKey.Value);
        using var client = CreateClient(o => o.Resilience.Enabled = false);

        await CallAsync(() => client.GetTickersAsync(["AAPL.US"]));
    }

    [Test]
    public async Task The_key_does_not_leak_from_a_refused_connection()
    {
        using var client = CreateClient(o =>
        {
            o.BaseAddress = LoopbackServer.ClosedAddress();
            o.Resilience.Enabled = false;
        });

        await CallAsync(() => client.GetTickersAsync(["AAPL.US"]));
    }

    [Test]
    public async Task The_key_does_not_leak_from_a_custom_pipeline_rejection()
    {
        Stub.OnGet(Path, StubReply.Error(503, 5001, Echo));
        var pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions { MinimumThroughput = 2, ShouldHandle = new PredicateBuilder().Handle<MarketDataException>() })
            .Build();
        using var client = CreateClient(o => o.Resilience.Pipeline = pipeline);

        for (var i = 0; i < 3; i++)
        {
            await CallAsync(() => client.GetTickersAsync(["AAPL.US"]));
        }

        _seen.Should().Contain(s => s.Contains(nameof(BrokenCircuitException), StringComparison.Ordinal));
    }

    [Test]
    public async Task The_key_does_not_leak_from_a_body_over_the_limit()
    {
        Stub.OnGet(Path, new StubReply(200, new string(' ', 2000) + SentinelKey.Value));
        using var client = CreateClient(o => o.MaxResponseBytes = 1024);

        await CallAsync(() => client.GetTickersAsync(["AAPL.US"]));
    }

    [Test]
    public async Task The_key_does_not_leak_from_every_endpoint_failing()
    {
        Stub.On("GET", "/*", StubReply.Error(403, 1004, Echo));
        Stub.On("DELETE", "/*", StubReply.Error(403, 1004, Echo));
        using var client = CreateClient();

        foreach (var (_, call) in EveryEndpoint.Calls(client))
        {
            await CallAsync(call);
        }
    }

    [Test]
    public void The_key_does_not_leak_from_the_options_or_the_client()
    {
        using var client = CreateClient();

        _seen.Add(client.Options.ToString());
        _seen.Add(new MarketDataClientOptions { ApiKey = SentinelKey.Value }.ToString());
        _seen.Add(client.ToString()!);
        _seen.Add(client.Options.Resilience.ToString()!);
    }

    private MarketDataClient CreateClient(Action<MarketDataClientOptions> configure) =>
        Stub.CreateClient(o =>
        {
            o.LoggerFactory = _logs.CreateFactory();
            configure(o);
        });

    private MarketDataClient CreateClient() => CreateClient(_ => { });

    /// <summary>Runs the call and keeps every string its outcome offers: the exception chain's messages, ToString and properties.</summary>
    private async Task CallAsync(Func<Task> call)
    {
        _calls++;
        try
        {
            await call();
            _seen.Add("success");
        }
        catch (Exception ex)
        {
            ex.Should().BeAssignableTo<MarketDataException>("a server reply never surfaces as a raw {0}", ex.GetType().Name);
            _seen.Add(ex.ToString());
            for (var e = ex; e is not null; e = e.InnerException)
            {
                _seen.Add(e.Message);
            }

            var md = (MarketDataException)ex;
            _seen.AddRange(new[] { md.ServerMessage, md.RequestPath, md.RawCode, md.Recommendation, md.Details.BodyExcerpt }.OfType<string>());
        }
    }
}
