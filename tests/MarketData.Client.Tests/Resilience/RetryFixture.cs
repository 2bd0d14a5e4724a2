using MarketData.Client.Resilience;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Resilience;

/// <summary>
/// The base of the retry suites: a loopback stub and a <see cref="FakeClock"/> shared by the client and the stub, so every
/// wait is a timer the test advances through; backoff jitter off unless a test turns it on, so each delay is known.
/// </summary>
public abstract class RetryFixture : StubFixture
{
    private protected const string Path = "/v1/market/ticker";
    private protected static readonly TimeSpan Margin = new MarketDataResilienceOptions().RetryAfterMargin;
    private protected static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private protected FakeClock Clock { get; private set; } = null!;

    [SetUp]
    public void UseFakeClock()
    {
        Clock = new FakeClock();
        Stub.Clock = Clock;
    }

    private protected MarketDataClient CreateClient(Action<MarketDataClientOptions>? configure = null) =>
        Stub.CreateClient(o =>
        {
            o.TimeProvider = Clock;
            o.Resilience.UseJitter = false;
            configure?.Invoke(o);
        });

    /// <summary>The waits between attempts: every timer but the per-attempt and total timeouts.</summary>
    private protected List<TimeSpan> RetryWaits()
    {
        var defaults = new MarketDataResilienceOptions();
        return [.. Clock.Timers.Select(t => t.DueTime).Where(d => d != defaults.AttemptTimeout && d != defaults.TotalTimeout)];
    }
}
