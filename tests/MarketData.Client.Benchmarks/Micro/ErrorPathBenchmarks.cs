using MarketData.Client.Diagnostics;
using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MarketData.Client.Benchmarks.Fixtures;
using MarketData.Client.Http;

namespace MarketData.Client.Benchmarks.Micro;

/// <summary>
/// Classifying an error body into its exception, for the three spellings of <c>code</c> (number, numeric string,
/// symbolic), one category each. Baseline: what an application writes without the SDK (<c>JsonDocument</c>, read
/// code and message, switch to an exception). SDK: <c>HttpReply.ToException</c> (envelope, <c>data</c> kept as
/// JSON, redaction, the error table) and, to split the cost, <c>MarketDataErrors.CreateException</c> alone from
/// details already read. Nothing is thrown: throwing costs the same either way.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ErrorPathBenchmarks
{
    private const string Path = "/v1/market/ticker";
    private static readonly SecretRedactor Redactor = new("bench-api-key-0123456789");

    [BenchmarkCategory("NumericCode"), Benchmark(Baseline = true, Description = "App: JsonDocument + switch")]
    public Exception NumericApp() => AppClassify(RestBodies.Errors.NumericCode, HttpStatusCode.BadRequest);

    [BenchmarkCategory("NumericCode"), Benchmark(Description = "SDK HttpReply.ToException")]
    public Exception NumericSdk() => Reply(HttpStatusCode.BadRequest).ToException(RestBodies.Errors.NumericCode);

    [BenchmarkCategory("NumericCode"), Benchmark(Description = "SDK MarketDataErrors.CreateException only")]
    public Exception NumericTable() => MarketDataErrors.CreateException(Details("2001", "Invalid parameter: symbol is required"));

    [BenchmarkCategory("StringCode"), Benchmark(Baseline = true, Description = "App: JsonDocument + switch")]
    public Exception StringApp() => AppClassify(RestBodies.Errors.StringCode, HttpStatusCode.BadRequest);

    [BenchmarkCategory("StringCode"), Benchmark(Description = "SDK HttpReply.ToException")]
    public Exception StringSdk() => Reply(HttpStatusCode.BadRequest).ToException(RestBodies.Errors.StringCode);

    [BenchmarkCategory("StringCode"), Benchmark(Description = "SDK MarketDataErrors.CreateException only")]
    public Exception StringTable() => MarketDataErrors.CreateException(Details("2001", "symbol parameter is required"));

    [BenchmarkCategory("SymbolicCode"), Benchmark(Baseline = true, Description = "App: JsonDocument + switch")]
    public Exception SymbolicApp() => AppClassify(RestBodies.Errors.SymbolicCode, HttpStatusCode.BadRequest);

    [BenchmarkCategory("SymbolicCode"), Benchmark(Description = "SDK HttpReply.ToException")]
    public Exception SymbolicSdk() => Reply(HttpStatusCode.BadRequest).ToException(RestBodies.Errors.SymbolicCode);

    [BenchmarkCategory("SymbolicCode"), Benchmark(Description = "SDK MarketDataErrors.CreateException only")]
    public Exception SymbolicTable() => MarketDataErrors.CreateException(Details("AMBIGUOUS_SYMBOL", "Symbol matches several product types"));

    [GlobalSetup]
    public void Setup()
    {
        // The SDK must classify each body as the error table says, or the figures measure the wrong path.
        Expect<InvalidParametersException>(NumericSdk());
        Expect<InvalidParametersException>(StringSdk());
        Expect<AmbiguousSymbolException>(SymbolicSdk());
    }

    private static HttpReply Reply(HttpStatusCode status) => new(status, Path, null, Redactor);

    private static MarketDataErrorDetails Details(string code, string message) =>
        new(code) { StatusCode = HttpStatusCode.BadRequest, RequestPath = Path, ServerMessage = message };

    private static void Expect<T>(Exception e)
    {
        if (e is not T)
        {
            throw new InvalidOperationException($"Expected {typeof(T).Name}, got {e.GetType().Name}.");
        }
    }

    /// <summary>A typical hand-written classifier: parse, read code and message, map the code families.</summary>
    private static Exception AppClassify(byte[] body, HttpStatusCode status)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var code = root.TryGetProperty("code", out var c)
            ? c.ValueKind == JsonValueKind.Number ? c.GetRawText() : c.GetString() ?? string.Empty
            : string.Empty;
        var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
        return code switch
        {
            "1001" or "1002" or "1003" or "1004" => new UnauthorizedAccessException(message),
            "2001" or "2002" or "2003" or "2004" or "AMBIGUOUS_SYMBOL" => new ArgumentException(message),
            "3001" or "3002" or "3003" or "3004" => new HttpRequestException(message, null, status),
            _ => new HttpRequestException($"{code}: {message}", null, status),
        };
    }
}
