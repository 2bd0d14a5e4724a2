using System.Globalization;
using System.Net.Http.Headers;

namespace MarketData.Client.Resilience;

/// <summary>Reads <c>Retry-After</c> as delta-seconds or an HTTP date (RFC 9110).</summary>
/// <remarks>
/// A number of seconds too large for <see cref="TimeSpan"/> (<c>99999999999999999999</c>) is read as
/// <see cref="TimeSpan.MaxValue"/>: the server asked for a very long wait, which is longer than any
/// <c>MaxRetryAfter</c>, not "no wait". A negative or unreadable value counts as absent.
/// </remarks>
internal static class RetryAfterParser
{
    /// <summary>Above this many seconds a wait is read as <see cref="TimeSpan.MaxValue"/> (far beyond any sensible limit).</summary>
    private static readonly double MaxSeconds = TimeSpan.MaxValue.TotalSeconds / 2;

    public static TimeSpan? Parse(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        if (value is not null)
        {
            if (value.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (value.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        // Lenient: fractional seconds ("1.5") and numbers too large for an int, which the typed header refuses.
        if (headers.TryGetValues("Retry-After", out var raw))
        {
            foreach (var text in raw)
            {
                if (ParseSeconds(text) is { } seconds)
                {
                    return seconds;
                }
            }
        }

        return null;
    }

    private static TimeSpan? ParseSeconds(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length == 0 || !(char.IsAsciiDigit(trimmed[0]) || trimmed[0] == '.'))
        {
            // Negative ("-5"), "NaN", "Infinity" or text: absent.
            return null;
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds))
        {
            return null;
        }

        return seconds >= MaxSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
    }
}
