using MarketData.Client.Diagnostics;
using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MarketData.Client.Benchmarks.Fixtures;
using MarketData.Client.Http;
using MarketData.Client.Models;
using MarketData.Client.Serialization;

namespace MarketData.Client.Benchmarks.Micro;

/// <summary>
/// Decoding the larger REST bodies, per body (one category each, each with its own baseline): the SDK's path
/// (<c>EnvelopeReader.Read</c> with the source-generated <c>MarketDataJsonContext</c>: envelope check, then typed
/// models with decimal prices and DateTimeOffset times) vs a plain source-generated <c>JsonSerializer</c> into
/// string-typed DTOs (baseline: no envelope check, no decimal parsing).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RestDecodeBenchmarks
{
    private byte[] _klines = [];
    private byte[] _symbols = [];
    private byte[] _depth = [];

    [GlobalSetup]
    public void Setup()
    {
        _klines = RestBodies.Klines(1000);
        _symbols = RestBodies.Symbols(1000);
        _depth = RestBodies.Depth(50);

        // Both sides must decode the same data, or the comparison means nothing.
        Check(KlinesSdk().Klines.Count == 1000 && KlinesPlain().Data!.Klines!.Count == 1000, "klines");
        Check(SymbolsSdk().Products.Count == 1000 && SymbolsPlain().Data!.Products!.Count == 1000, "symbols");
        Check(DepthSdk().Bids.Count == 50 && DepthPlain().Data!.Asks!.Count == 50, "depth");
    }

    [BenchmarkCategory("Klines1000"), Benchmark(Baseline = true, Description = "Plain source-gen string DTOs")]
    public PlainEnvelope<PlainKlineSeries> KlinesPlain() =>
        JsonSerializer.Deserialize(_klines, PlainJsonContext.Default.PlainEnvelopePlainKlineSeries)!;

    [BenchmarkCategory("Klines1000"), Benchmark(Description = "SDK EnvelopeReader")]
    public KlineSeries KlinesSdk() =>
        EnvelopeReader.Read(_klines, MarketDataJsonContext.Default.KlineSeries, Reply("/v1/market/kline"));

    [BenchmarkCategory("Symbols1000"), Benchmark(Baseline = true, Description = "Plain source-gen string DTOs")]
    public PlainEnvelope<PlainSymbolPage> SymbolsPlain() =>
        JsonSerializer.Deserialize(_symbols, PlainJsonContext.Default.PlainEnvelopePlainSymbolPage)!;

    [BenchmarkCategory("Symbols1000"), Benchmark(Description = "SDK EnvelopeReader")]
    public SymbolPage SymbolsSdk() =>
        EnvelopeReader.Read(_symbols, MarketDataJsonContext.Default.SymbolPage, Reply("/v1/symbols/available"));

    [BenchmarkCategory("Depth50"), Benchmark(Baseline = true, Description = "Plain source-gen string DTOs")]
    public PlainEnvelope<PlainOrderBook> DepthPlain() =>
        JsonSerializer.Deserialize(_depth, PlainJsonContext.Default.PlainEnvelopePlainOrderBook)!;

    [BenchmarkCategory("Depth50"), Benchmark(Description = "SDK EnvelopeReader")]
    public OrderBook DepthSdk() =>
        EnvelopeReader.Read(_depth, MarketDataJsonContext.Default.OrderBook, Reply("/v1/market/depth"));

    private static HttpReply Reply(string path) => new(HttpStatusCode.OK, path, null, SecretRedactor.None);

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"The {what} fixture did not decode to the expected shape.");
        }
    }
}
