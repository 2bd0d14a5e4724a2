using System.Diagnostics;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// Push latencies of one session, in <see cref="Stopwatch"/> ticks, in an array allocated before the session: the first
/// <c>skip</c> pushes are a warm-up and not recorded; <see cref="Record"/> allocates nothing.
/// </summary>
internal sealed class LatencyRecorder(long skip, int count)
{
    private readonly long[] _ticks = new long[count];
    private long _seen;
    private int _recorded;
    private long _firstArrival;
    private long _lastArrival;

    /// <summary>Pushes the session must consume: warm-up plus recorded.</summary>
    public long Total => skip + _ticks.Length;

    public bool IsFull => _recorded == _ticks.Length;

    public int Recorded => _recorded;

    /// <summary>Records now − <paramref name="stamp"/> for one push in the reader's hands; true once the array is full.</summary>
    public bool Record(long stamp)
    {
        var now = Stopwatch.GetTimestamp();
        if (_seen++ < skip || _recorded == _ticks.Length)
        {
            return _recorded == _ticks.Length;
        }

        if (_recorded == 0)
        {
            _firstArrival = now;
        }

        _ticks[_recorded++] = now - stamp;
        _lastArrival = now;
        return _recorded == _ticks.Length;
    }

    /// <summary>Pushes per second between the first and the last recorded arrival.</summary>
    public double ArrivalRate => _recorded < 2 ? double.NaN : (_recorded - 1) / Stopwatch.GetElapsedTime(_firstArrival, _lastArrival).TotalSeconds;

    public double PercentileMicros(double percentile) => Stats.PercentileMicros(_ticks, _recorded, percentile);
}
