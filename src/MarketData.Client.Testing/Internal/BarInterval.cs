namespace MarketData.Client.Testing.Internal;

/// <summary>A K-line interval and its calendar: fixed-length bars aligned on the Unix epoch, weeks on Monday, months on the 1st (UTC).</summary>
internal sealed class BarInterval
{
    private const long Minute = 60_000;
    private const long Day = 86_400_000;
    private const long Week = 7 * Day;
    private const long FirstMonday = 4 * Day; // 1970-01-05

    /// <summary>Every interval the simulator serves, in the order <c>/v1/market/intervals/kline</c> lists them.</summary>
    public static readonly IReadOnlyList<BarInterval> All =
    [
        new("1m", Minute), new("3m", 3 * Minute), new("5m", 5 * Minute), new("15m", 15 * Minute), new("30m", 30 * Minute),
        new("1h", 60 * Minute), new("2h", 120 * Minute), new("4h", 240 * Minute), new("1d", Day), new("1w", Week), new("1M", 0),
    ];

    private BarInterval(string text, long lengthMs)
    {
        Text = text;
        LengthMs = lengthMs;
    }

    public string Text { get; }

    /// <summary>The bar length; 0 for calendar months.</summary>
    public long LengthMs { get; }

    public static BarInterval? Parse(string? text)
    {
        foreach (var interval in All)
        {
            if (string.Equals(interval.Text, text, StringComparison.Ordinal))
            {
                return interval;
            }
        }

        return null;
    }

    /// <summary>The start of the bar that contains an instant.</summary>
    public long Floor(long timeMs)
    {
        if (LengthMs == 0)
        {
            var t = DateTimeOffset.FromUnixTimeMilliseconds(timeMs);
            return new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        var offset = LengthMs == Week ? FirstMonday : 0;
        return (Hash.FloorDiv(timeMs - offset, LengthMs) * LengthMs) + offset;
    }

    /// <summary>The start of the bar after the one that starts at <paramref name="barStartMs"/>.</summary>
    public long Next(long barStartMs) =>
        LengthMs == 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(barStartMs).AddMonths(1).ToUnixTimeMilliseconds()
            : barStartMs + LengthMs;

    /// <summary>The start of the bar before the one that starts at <paramref name="barStartMs"/>.</summary>
    public long Previous(long barStartMs) =>
        LengthMs == 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(barStartMs).AddMonths(-1).ToUnixTimeMilliseconds()
            : barStartMs - LengthMs;

    /// <summary>The first bar start at or after an instant.</summary>
    public long Ceiling(long timeMs)
    {
        var floor = Floor(timeMs);
        return floor == timeMs ? floor : Next(floor);
    }
}
