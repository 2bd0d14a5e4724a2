namespace MarketData.Client.Resilience;

/// <summary>Exponential backoff with optional ±25 % jitter, capped; shared by REST retries and stream reconnects.</summary>
internal static class BackoffCalculator
{
    public static TimeSpan Compute(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, bool jitter, Random? random = null)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Clamp(attempt, 0, 30);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        if (jitter)
        {
            ticks *= 0.75 + ((random ?? Random.Shared).NextDouble() * 0.5);
        }

        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
