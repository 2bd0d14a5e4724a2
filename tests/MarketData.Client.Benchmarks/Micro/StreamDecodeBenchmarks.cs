using BenchmarkDotNet.Attributes;
using MarketData.Client.Benchmarks.Fixtures;

namespace MarketData.Client.Benchmarks.Micro;

/// <summary>
/// Decoding one push, per push shape. Baseline: one <c>Utf8JsonReader</c> pass over every token (the floor). Beside it
/// what an application writes without the SDK: <c>JsonDocument</c> + manual field reads + <c>decimal.Parse</c>, and
/// source-generated string DTOs + <c>decimal.Parse</c>. The SDK decoder's method lives in
/// <c>StreamDecodeSdkBenchmarks.cs</c> (same class) so its ratio comes from the same run.
/// </summary>
[MemoryDiagnoser]
public partial class StreamDecodeBenchmarks
{
    private byte[] _utf8 = [];

    public static IEnumerable<string> Pushes => StreamPayloads.Names;

    [ParamsSource(nameof(Pushes))]
    public string Push { get; set; } = StreamPayloads.TickerUs.Name;

    [GlobalSetup]
    public void Setup()
    {
        _utf8 = StreamPayloads.Get(Push).Utf8;

        // The app-side decoders must agree on every fixture, or the fixture or a decoder is wrong.
        var byDocument = AppDecoders.DecodeWithJsonDocument(_utf8) ?? throw new InvalidOperationException($"{Push}: JsonDocument decoder returned nothing.");
        var byDto = AppDecoders.DecodeWithDto(_utf8) ?? throw new InvalidOperationException($"{Push}: DTO decoder returned nothing.");
        if (AppDecoders.Checksum(byDocument) != AppDecoders.Checksum(byDto) || byDocument.GetType() != byDto.GetType())
        {
            throw new InvalidOperationException($"{Push}: the app decoders disagree.");
        }

        SetupSdk();
    }

    [Benchmark(Baseline = true, Description = "Utf8JsonReader token scan (floor)")]
    public int TokenScan() => AppDecoders.ScanTokens(_utf8);

    [Benchmark(Description = "JsonDocument + decimal.Parse (app)")]
    public object? JsonDocumentManual() => AppDecoders.DecodeWithJsonDocument(_utf8);

    [Benchmark(Description = "Source-gen string DTO + decimal.Parse (app)")]
    public object? SourceGenDto() => AppDecoders.DecodeWithDto(_utf8);
}
