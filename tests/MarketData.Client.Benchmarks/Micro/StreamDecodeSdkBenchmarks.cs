using BenchmarkDotNet.Attributes;
using MarketData.Client.Streaming;

namespace MarketData.Client.Benchmarks.Micro;

/// <summary>
/// The SDK decoder group of <see cref="StreamDecodeBenchmarks"/>: one complete UTF-8 text frame into the record the
/// stream delivers (<c>TickerUpdate</c>, <c>DepthUpdate</c>, <c>TradeUpdate</c>) through the internal
/// <c>StreamMessageDecoder</c>, with its symbol cache warm as in a live session.
/// </summary>
public partial class StreamDecodeBenchmarks
{
    private StreamMessageDecoder _decoder = null!;

    [Benchmark(Description = "SDK StreamMessageDecoder")]
    public object? SdkDecoder() => _decoder.Decode(_utf8).Message;

    private void SetupSdk()
    {
        _decoder = new StreamMessageDecoder();

        // Warm the symbol cache the way a live session does (the first push of a symbol pays for its string), and
        // make sure the fixture decodes to a record at all.
        var frame = _decoder.Decode(_utf8);
        if (frame.Message is null)
        {
            throw new InvalidOperationException($"{Push}: the SDK decoder returned {frame.Kind} ({frame.Problem}).");
        }
    }
}
