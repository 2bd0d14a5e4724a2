using System.Diagnostics;
using MarketData.Client.Streaming;
using MarketData.Client.Tests.Infrastructure;
using MarketData.Client.Tests.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace MarketData.Client.Tests.Diagnostics;

/// <summary>
/// The runtime's own HTTP diagnostics never see the key the SDK sends: neither the <c>HttpHandlerDiagnosticListener</c>
/// events (whose payload is the request, headers and URL included), nor the <c>System.Net.Http</c> activities, nor the
/// <c>System.Net.*</c> event sources (whose <c>RequestStart</c> carries the path and query). Real subscribers of all three,
/// for REST (own handler and <c>AddMarketDataClient</c>) and the WebSocket upgrade (<c>?api_key=</c>). A control sends the
/// same key through a default HttpClient and shows the same subscribers do catch it there.
/// </summary>
[Category("Security")]
[NonParallelizable]
public sealed class RuntimeDiagnosticsSecrecyTests : StubFixture
{
    /// <summary>A key of its own, so that no other test's traffic can be mistaken for a leak.</summary>
    private const string Key = "sk_DIAGNOSTICS_Zq81vX";
    private const string Path = "/v1/market/ticker";

    [Test]
    public async Task A_REST_call_on_the_SDKs_own_handler_shows_the_key_to_no_runtime_diagnostic()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        using var capture = new TelemetryCapture();
        using var parent = new Activity("app-operation").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var client = LoopbackServer.ClientFor(Stub.BaseAddress, o => o.ApiKey = Key);

        await client.GetTickersAsync(["AAPL.US"]);

        AssertCapturedWithoutKey(capture);
        Stub.Single.Headers["traceparent"].Should().ContainSingle()
            .Which.Should().Contain(parent.TraceId.ToHexString(), "the SDK writes the trace context itself, so the trace stays connected");
    }

    [Test]
    public async Task A_REST_call_through_AddMarketDataClient_shows_the_key_to_no_runtime_diagnostic()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        var services = new ServiceCollection();
        services.AddMarketDataClient(o =>
        {
            o.ApiKey = Key;
            o.BaseAddress = Stub.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider();
        using var capture = new TelemetryCapture();
        using var parent = new Activity("app-operation").SetIdFormat(ActivityIdFormat.W3C).Start();

        await provider.GetRequiredService<IMarketDataClient>().GetTickersAsync(["AAPL.US"]);

        AssertCapturedWithoutKey(capture);
        Stub.Single.Headers["traceparent"].Should().ContainSingle().Which.Should().Contain(parent.TraceId.ToHexString());
    }

    [Test]
    public async Task The_WebSocket_upgrade_shows_the_key_to_no_runtime_diagnostic()
    {
        using var capture = new TelemetryCapture();
        await using (var stream = new MarketDataStream(new MarketDataClientOptions { ApiKey = Key, BaseAddress = Stub.BaseAddress }))
        {
            await stream.ConnectAsync().Within();
            Stub.UpgradeQueries.Should().ContainSingle().Which.Should().Contain(Key, "the key did go out, on the URL");
        }

        AssertCapturedWithoutKey(capture);
        capture.All.Should().NotContain(
            s => s.StartsWith("event System.Net.Http/RequestStart", StringComparison.Ordinal) && s.Contains("/v1/realtime", StringComparison.Ordinal),
            "the upgrade skips the invoker's RequestStart, whose query .NET 8 does not redact");
    }

    [Test]
    public async Task Control_the_same_subscribers_catch_the_key_sent_through_a_default_HttpClient()
    {
        Stub.OnGet(Path, StubReply.Ok(ContractExamples.Tickers));
        using var capture = new TelemetryCapture();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Stub.BaseAddress, Path + "?api_key=" + Key));
        request.Headers.Add("X-API-Key", Key);

        using var response = await http.SendAsync(request);

        capture.All.Should().Contain(s => s.StartsWith("diagnostic ", StringComparison.Ordinal) && s.Contains(Key, StringComparison.Ordinal), "the DiagnosticListener payload carries the request with its headers");
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, capture.All.Where(s => s.Contains(Key, StringComparison.Ordinal))));
    }

    private static void AssertCapturedWithoutKey(TelemetryCapture capture)
    {
        var seen = capture.All;
        seen.Should().Contain(s => s.StartsWith("event System.Net.", StringComparison.Ordinal), "the event listener must have been live for the check to mean something");
        seen.Where(s => s.Contains(Key, StringComparison.Ordinal) || s.Contains(Uri.EscapeDataString(Key), StringComparison.Ordinal))
            .Should().BeEmpty("no runtime diagnostic may see the API key");
    }
}
