namespace MarketData.Client.Testing.Internal;

/// <summary>
/// The price of one instrument as a pure function of time: the base price times the exponential of a sum of
/// smoothed value-noise octaves (periods from one second to one year, amplitudes scaled like a random walk).
/// Any instant can be evaluated directly, so K-lines of any interval, tickers, order books and pushes all read the
/// same path and agree with each other.
/// </summary>
internal sealed class PricePath
{
    private const double YearMs = 31_536_000_000d;

    private static readonly long[] PeriodsMs =
    [
        1_000, 10_000, 60_000, 600_000, 3_600_000, 21_600_000, 86_400_000, 604_800_000, 2_592_000_000, 31_536_000_000,
    ];

    private readonly ulong _key;
    private readonly double _base;
    private readonly double[] _amplitudes;
    private readonly decimal _tick;
    private readonly int _decimals;

    public PricePath(ulong key, decimal basePrice, decimal tickSize, double annualVolatility)
    {
        _key = key;
        _base = (double)basePrice;
        _tick = tickSize;
        _decimals = tickSize.Scale;
        _amplitudes = new double[PeriodsMs.Length];
        for (var i = 0; i < PeriodsMs.Length; i++)
        {
            _amplitudes[i] = annualVolatility * Math.Sqrt(PeriodsMs[i] / YearMs) * 0.8;
        }
    }

    public decimal Tick => _tick;

    public int Decimals => _decimals;

    /// <summary>The price at an instant (Unix ms), rounded to the tick.</summary>
    public decimal At(long timeMs) => Round(Raw(timeMs));

    /// <summary>The highest and lowest price between two instants, inclusive (sampled, rounded to the tick).</summary>
    public (decimal High, decimal Low) Range(long fromMs, long toMs, int samples = 24)
    {
        var high = Raw(fromMs);
        var low = high;
        var end = Raw(toMs);
        high = Math.Max(high, end);
        low = Math.Min(low, end);
        if (toMs > fromMs)
        {
            var step = (toMs - fromMs) / (double)(samples + 1);
            for (var i = 1; i <= samples; i++)
            {
                var p = Raw(fromMs + (long)(step * i));
                high = Math.Max(high, p);
                low = Math.Min(low, p);
            }
        }

        return (Round(high), Round(low));
    }

    public decimal Round(double price)
    {
        var ticks = Math.Round(price / (double)_tick, MidpointRounding.AwayFromZero);
        if (ticks < 1)
        {
            ticks = 1;
        }

        return Math.Round((decimal)ticks * _tick, _decimals);
    }

    private double Raw(long timeMs)
    {
        var sum = 0.0;
        for (var k = 0; k < PeriodsMs.Length; k++)
        {
            sum += _amplitudes[k] * Noise(k, timeMs);
        }

        return _base * Math.Exp(sum);
    }

    private double Noise(int octave, long timeMs)
    {
        var period = PeriodsMs[octave];
        var cell = Hash.FloorDiv(timeMs, period);
        var f = (timeMs - (cell * period)) / (double)period;
        f = f * f * (3 - (2 * f));
        var a = Hash.Signed(Hash.Of(_key, octave, cell));
        var b = Hash.Signed(Hash.Of(_key, octave, cell + 1));
        return a + ((b - a) * f);
    }
}
