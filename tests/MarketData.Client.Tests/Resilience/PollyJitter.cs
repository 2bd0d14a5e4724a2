namespace MarketData.Client.Tests.Resilience;

/// <summary>
/// The bounds of Polly's exponential backoff with jitter (decorrelated jitter V2, <c>Polly.Retry.RetryHelper</c>): the
/// first <c>k</c> waits add up to between f(k-1) and f(k) times the base delay / 1.4, where f(t) = 2^t·tanh(√(4t)), and no
/// wait exceeds MaxDelay. About 1, 2, 4... times the base in the median, like the unjittered series.
/// </summary>
internal static class PollyJitter
{
    private static readonly TimeSpan Rounding = TimeSpan.FromMilliseconds(1);

    /// <summary>The least and the most the first <paramref name="waits"/> waits add up to (before any cap).</summary>
    public static (TimeSpan Min, TimeSpan Max) Cumulative(int waits, TimeSpan baseDelay) =>
        (Scale(F(waits - 1), baseDelay) - Rounding, Scale(F(waits), baseDelay) + Rounding);

    private static double F(double t) => Math.Pow(2, t) * Math.Tanh(Math.Sqrt(4 * t));

    private static TimeSpan Scale(double f, TimeSpan baseDelay) => TimeSpan.FromTicks((long)(f / 1.4 * baseDelay.Ticks));
}
