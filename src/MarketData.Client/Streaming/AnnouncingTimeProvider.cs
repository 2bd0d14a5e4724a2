namespace MarketData.Client.Streaming;

/// <summary>
/// The stream's clock for Polly's reconnect waits: the app's <see cref="TimeProvider"/>, plus a one-shot callback run
/// right after the next timer is created, so that the Reconnecting state is raised once the wait is really scheduled.
/// </summary>
internal sealed class AnnouncingTimeProvider(TimeProvider inner) : TimeProvider
{
    private Action? _next;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <summary>Runs <paramref name="callback"/> after the next timer is created.</summary>
    public void OnNextTimer(Action callback) => Volatile.Write(ref _next, callback);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        Interlocked.Exchange(ref _next, null)?.Invoke();
        return timer;
    }
}
