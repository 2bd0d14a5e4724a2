using System.Globalization;
using MarketData.Client.Models;

namespace MarketData.Client.Models;

/// <summary>Splits a K-line range into windows of at most 1000 bars.</summary>
internal static class KlineWindows
{
    public const int MaxBarsPerRequest = 1000;

    /// <summary>The longest span of one bar ("1M" counts as 31 days, so a window never holds more than 1000 bars).</summary>
    public static TimeSpan BarSpan(KlineInterval interval)
    {
        var text = interval.Value;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new ArgumentException($"The interval '{text}' has no known length; use one of KlineInterval's members.", nameof(interval));
        }

        return text[^1] switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            'M' => TimeSpan.FromDays(31 * n),
            _ => throw new ArgumentException($"The interval '{text}' has no known length; use one of KlineInterval's members.", nameof(interval)),
        };
    }
}
