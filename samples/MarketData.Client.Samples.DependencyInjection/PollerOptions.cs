namespace MarketData.Client.Samples.DependencyInjection;

/// <summary>What <see cref="TickerPoller"/> polls, bound from the "Poller" configuration section.</summary>
internal sealed class PollerOptions
{
    public const string SectionName = "Poller";

    /// <summary>The symbols to poll.</summary>
    public string[] Symbols { get; set; } = ["AAPL.US", "700.HK", "BTCUSDT", "EURUSD"];

    /// <summary>The pause between two polls.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many polls before the host stops; 0 polls until Ctrl+C.</summary>
    public int Polls { get; set; } = 6;
}
