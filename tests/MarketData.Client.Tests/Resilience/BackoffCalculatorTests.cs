using MarketData.Client.Resilience;

namespace MarketData.Client.Tests.Resilience;

public sealed class BackoffCalculatorTests
{
    [Test]
    public void Delays_double_from_the_base_and_stop_at_the_cap_without_jitter()
    {
        var delays = Enumerable.Range(0, 8).Select(a => BackoffCalculator.Compute(a, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: false));

        delays.Select(d => d.TotalSeconds).Should().Equal(1, 2, 4, 8, 16, 30, 30, 30);
    }

    [Test]
    public void Jitter_keeps_clients_apart_even_at_the_cap()
    {
        var random = new Random(7);
        var atCap = Enumerable.Range(0, 200).Select(_ => BackoffCalculator.Compute(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: true, random)).ToList();

        atCap.Should().OnlyContain(d => d >= TimeSpan.FromSeconds(22.5) && d <= TimeSpan.FromSeconds(37.5));
        atCap.Distinct().Count().Should().BeGreaterThan(150, "clients at the cap must not all wait exactly the cap");
    }

    [Test]
    public void A_zero_base_means_no_wait()
    {
        BackoffCalculator.Compute(5, TimeSpan.Zero, TimeSpan.FromSeconds(30), jitter: true).Should().Be(TimeSpan.Zero);
    }
}
