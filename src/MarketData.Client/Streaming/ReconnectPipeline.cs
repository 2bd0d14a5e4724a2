using Polly;
using Polly.Retry;

namespace MarketData.Client.Streaming;

/// <summary>How one connection of the stream ended: its failure, whether retrying can help, whether it had been healthy.</summary>
/// <param name="Failure">Why the connection ended (or could not be opened).</param>
/// <param name="Retryable">Whether reconnecting can help.</param>
/// <param name="Healthy">Whether the connection stayed up long enough to restart the backoff.</param>
/// <param name="Stopped">The stream is being stopped: nothing to retry, nothing to report.</param>
internal sealed record ConnectionEnd(Exception Failure, bool Retryable, bool Healthy, bool Stopped = false);

/// <summary>
/// The stream's reconnects as a Polly retry (<see cref="DelayBackoffType.Exponential"/> with jitter from
/// <see cref="MarketDataStreamOptions.ReconnectBaseDelay"/> capped at <see cref="MarketDataStreamOptions.ReconnectMaxDelay"/>,
/// the same backoff as REST retries). The delay generator supplies the server's wait when it sent one: a 3003 waits its
/// Retry-After or <see cref="MarketDataStreamOptions.ConnectionLimitDelay"/>, another refusal its Retry-After (at most an
/// hour). One execution runs the attempts until a connection has been healthy; the next execution starts from that
/// connection's end, so the backoff restarts from the base delay.
/// </summary>
internal static class ReconnectPipeline
{
    private static readonly TimeSpan MaxHonouredRetryAfter = TimeSpan.FromHours(1);

    /// <param name="settings">The stream's settings.</param>
    /// <param name="clock">The clock the waits run on; it tells <paramref name="reconnecting"/> once each wait's timer exists.</param>
    /// <param name="shouldRetry">Whether to reconnect after the end of attempt number (1-based) <c>n</c>.</param>
    /// <param name="reconnecting">Called with each wait: the failure, the attempt number (1-based) and the delay.</param>
    public static ResiliencePipeline<ConnectionEnd> Build(
        MarketDataStreamOptions settings,
        AnnouncingTimeProvider clock,
        Func<ConnectionEnd, int, bool> shouldRetry,
        Action<Exception, int, TimeSpan> reconnecting)
    {
        var retry = new RetryStrategyOptions<ConnectionEnd>
        {
            Name = "MarketData.Reconnect",
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.ReconnectBaseDelay,
            MaxDelay = settings.ReconnectMaxDelay,
            ShouldHandle = args => new ValueTask<bool>(args.Outcome.Result is { } end && shouldRetry(end, args.AttemptNumber + 1)),
            DelayGenerator = args => new ValueTask<TimeSpan?>(ServerDelay(args.Outcome.Result!.Failure, settings)),
            OnRetry = args =>
            {
                var failure = args.Outcome.Result!.Failure;
                var attempt = args.AttemptNumber + 1;
                var delay = args.RetryDelay;
                if (delay > TimeSpan.Zero)
                {
                    // Announced when Polly's wait has its timer, so whoever reacts (a test advancing a fake clock) never races it.
                    clock.OnNextTimer(() => reconnecting(failure, attempt, delay));
                }
                else
                {
                    reconnecting(failure, attempt, delay);
                }

                return default;
            },
        };

        return new ResiliencePipelineBuilder<ConnectionEnd> { TimeProvider = clock }.AddRetry(retry).Build();
    }

    /// <summary>The wait the server asked for, or null for Polly's backoff.</summary>
    internal static TimeSpan? ServerDelay(Exception failure, MarketDataStreamOptions settings)
    {
        TimeSpan? asked = failure switch
        {
            ConnectionLimitExceededException c => c.Details.RetryAfter ?? settings.ConnectionLimitDelay,
            MarketDataException { Details.RetryAfter: { } retryAfter } => retryAfter,
            _ => null,
        };
        return asked > MaxHonouredRetryAfter ? MaxHonouredRetryAfter : asked;
    }
}
