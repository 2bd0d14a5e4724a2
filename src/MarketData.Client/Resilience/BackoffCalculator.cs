namespace MarketData.Client.Resilience;

/// <summary>
/// Exponential backoff, capped, then ±25 % jitter; shared by REST retries and stream reconnects. Jitter is applied
/// after the cap so that clients stuck at the cap during a long outage still spread out (a capped delay may be up
/// to 25 % longer than the cap).
/// </summary>
internal static class BackoffCalculator
{
    public static TimeSpan Compute(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, bool jitter, Random? random = null)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Clamp(attempt, 0, 30);
        var ticks = Math.Min(baseDelay.Ticks * Math.Pow(2, exponent), maxDelay.Ticks);
        if (jitter)
        {
            ticks *= 0.75 + ((random ?? Random.Shared).NextDouble() * 0.5);
        }

        return TimeSpan.FromTicks((long)ticks);
    }
}
