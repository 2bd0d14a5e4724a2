using System.Globalization;
using System.Net.Http.Headers;

namespace MarketData.Client.Resilience;

/// <summary>Reads <c>Retry-After</c> as delta-seconds or an HTTP date (RFC 9110).</summary>
internal static class RetryAfterParser
{
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

        // Lenient: fractional seconds ("1.5"), which the typed header refuses.
        if (headers.TryGetValues("Retry-After", out var raw))
        {
            foreach (var text in raw)
            {
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds / 2)
                {
                    return TimeSpan.FromSeconds(seconds);
                }
            }
        }

        return null;
    }
}
