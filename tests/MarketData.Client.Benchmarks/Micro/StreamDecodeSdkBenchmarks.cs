#if HAS_STREAM_DECODER
using BenchmarkDotNet.Attributes;
using MarketData.Client.Streaming;

namespace MarketData.Client.Benchmarks.Micro;

// ------------------------------------------------------------------------------------------------------------------
// SDK decoder group of StreamDecodeBenchmarks (compiled only with HAS_STREAM_DECODER; set <HasStreamDecoder>true</...>
// in MarketData.Client.Benchmarks.csproj once src/MarketData.Client/Streaming/StreamMessageDecoder.cs is in main).
//
// Expected SDK hook (internal, visible through InternalsVisibleTo):
//
//     namespace MarketData.Client.Streaming;
//     internal sealed class StreamMessageDecoder
//     {
//         public StreamMessageDecoder();                                  // owns the symbol-string cache
//         public StreamMessage? Decode(ReadOnlySpan<byte> utf8Message);   // one complete text frame -> record
//     }
//
// i.e. one complete UTF-8 text message in, the record the stream would deliver out (TickerUpdate, DepthUpdate,
// TradeUpdate), no intermediate strings for cmd / field names / prices, symbol strings cached across calls.
// If the real signature differs, adapt only DecodeWithSdk below.
// ------------------------------------------------------------------------------------------------------------------
public partial class StreamDecodeBenchmarks
{
    private StreamMessageDecoder _decoder = null!;

    [Benchmark(Description = "SDK StreamMessageDecoder")]
    public object? SdkDecoder() => DecodeWithSdk(_utf8);

    partial void SetupSdk()
    {
        _decoder = new StreamMessageDecoder();

        // Warm the symbol cache the way a live session does (the first push of a symbol pays for its string).
        DecodeWithSdk(_utf8);
    }

    private object? DecodeWithSdk(ReadOnlySpan<byte> utf8) => _decoder.Decode(utf8);
}
#endif
