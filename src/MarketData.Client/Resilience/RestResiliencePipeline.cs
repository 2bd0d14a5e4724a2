using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using MarketData.Client.Diagnostics;

namespace MarketData.Client.Resilience;

/// <summary>
/// Builds the Polly retry pipeline of REST calls. Attempts throw typed <see cref="MarketDataException"/>s, so the
/// predicate reads the error table (<see cref="MarketDataException.IsTransient"/>), never HTTP status codes. The
/// delay is decided in the predicate: the reply's Retry-After when it sent one (whatever the code), else backoff. A
/// Retry-After that is too long, or a wait that would outlast the call's deadline, is not retried and the caller gets
/// the typed exception at once.
/// </summary>
internal static class RestResiliencePipeline
{
    internal static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("MarketData.Deadline");
    internal static readonly ResiliencePropertyKey<TimeSpan> NextDelayKey = new("MarketData.NextDelay");
    internal static readonly ResiliencePropertyKey<string> RequestPathKey = new("MarketData.RequestPath");

    public static ResiliencePipeline Build(MarketDataResilienceOptions options, TimeProvider timeProvider, ILogger logger, MarketDataTelemetry? telemetry = null)
    {
        if (options.Pipeline is { } custom)
        {
            return custom;
        }

        if (!options.Enabled || options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        var retry = new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Constant,
            Delay = TimeSpan.Zero,
            UseJitter = false,
            ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context, options, timeProvider)),
            DelayGenerator = args => new ValueTask<TimeSpan?>(
                args.Context.Properties.TryGetValue(NextDelayKey, out var delay) ? delay : TimeSpan.Zero),
            OnRetry = args =>
            {
                var path = args.Context.Properties.GetValue(RequestPathKey, string.Empty);
                var error = args.Outcome.Exception as MarketDataException;
                Log.RetryScheduled(logger, path, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, error?.RawCode ?? string.Empty, error?.Code ?? ErrorCode.Unknown);
                (telemetry ?? MarketDataTelemetry.Shared).RecordRetry(path, error);
                return default;
            },
        };

        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddRetry(retry).Build();
    }

    internal static bool ShouldRetry(Exception? exception, int attempt, ResilienceContext context, MarketDataResilienceOptions options, TimeProvider timeProvider)
    {
        if (exception is not MarketDataException { IsTransient: true } error)
        {
            return false;
        }

        TimeSpan delay;
        if (error.Details.RetryAfter is { } retryAfter)
        {
            // Any retried reply that says how long to wait (429, 503, 5xx with a code or not) is waited out, not backed off.
            if (retryAfter > options.MaxRetryAfter || retryAfter > TimeSpan.MaxValue - options.RetryAfterMargin)
            {
                return false;
            }

            delay = retryAfter + options.RetryAfterMargin;
        }
        else
        {
            delay = BackoffCalculator.Compute(attempt, options.BaseDelay, options.MaxDelay, options.UseJitter);
        }

        if (context.Properties.TryGetValue(DeadlineKey, out var deadline) && delay >= deadline - timeProvider.GetUtcNow())
        {
            // The wait would outlast the call: fail now with the typed error instead of a timeout after a doomed wait.
            return false;
        }

        context.Properties.Set(NextDelayKey, delay);
        return true;
    }
}
