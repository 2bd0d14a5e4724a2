namespace MarketData.Client.Samples.DependencyInjection;

/// <summary>What <see cref="TickerStreamer"/> streams, bound from the "Streamer" configuration section.</summary>
internal sealed class StreamerOptions
{
    public const string SectionName = "Streamer";

    /// <summary>The symbols to stream tickers for.</summary>
    public string[] Symbols { get; set; } = ["AAPL.US", "700.HK", "BTCUSDT", "EURUSD"];

    /// <summary>How long to stream before the worker finishes; zero streams until Ctrl+C.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>With the simulator: when it drops every stream connection (a network failure the stream must ride out); zero never.</summary>
    public TimeSpan DisconnectAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a summary of the latest prices is logged.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromSeconds(1);
}
