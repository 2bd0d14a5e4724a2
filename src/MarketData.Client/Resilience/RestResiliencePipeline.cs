using System.Runtime.ExceptionServices;
using MarketData.Client.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MarketData.Client.Resilience;

/// <summary>
/// Builds the Polly pipelines of REST calls from <see cref="MarketDataResilienceOptions"/>: <see cref="Call"/>, the
/// total timeout; inside it <see cref="Retry"/>, Polly's retry (exponential backoff with jitter, the
/// <see cref="TransientErrorPredicate"/> and the <see cref="RetryAfterDelayGenerator"/>) or the app's own
/// <see cref="MarketDataResilienceOptions.Pipeline"/>; inside that <see cref="Attempt"/>, the per-attempt timeout each
/// attempt runs in. A wait that would outlast the call's deadline is not started: the caller gets the typed exception
/// at once, not a timeout after a doomed wait.
/// </summary>
/// <remarks>
/// With the SDK's own retry the first attempt runs outside <see cref="Retry"/> (<see cref="FirstAttemptOutsideRetry"/>):
/// Polly's retry strategy allocates its async state on every call that does not complete synchronously, a first-time
/// success included (docs/performance.md, ResiliencePipelineBenchmarks). A transient failure enters the retry as the
/// outcome of its attempt 0, so the retry count, delays and Retry-After decisions are Polly's.
/// </remarks>
/// <param name="Call">The whole call: the total timeout.</param>
/// <param name="Retry">The SDK's retry or the app's pipeline; null when retries are off.</param>
/// <param name="FirstAttemptOutsideRetry">Whether the first attempt runs outside <paramref name="Retry"/> (the SDK's own retry, not the app's pipeline).</param>
/// <param name="Attempt">One attempt: the per-attempt timeout.</param>
internal sealed record RestResiliencePipeline(ResiliencePipeline Call, ResiliencePipeline? Retry, bool FirstAttemptOutsideRetry, ResiliencePipeline Attempt)
{
    /// <summary>The name of the total timeout strategy: its <see cref="TimeoutRejectedException"/> is the call's timeout.</summary>
    internal const string TotalTimeoutName = "MarketData.TotalTimeout";

    internal const string AttemptTimeoutName = "MarketData.AttemptTimeout";

    internal static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("MarketData.Deadline");
    internal static readonly ResiliencePropertyKey<string> RequestPathKey = new("MarketData.RequestPath");

    /// <summary>Polly refuses timeouts and delays outside these bounds as option values (a generator may return any).</summary>
    private static readonly TimeSpan MinPollyTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPollyValue = TimeSpan.FromDays(1);

    public static RestResiliencePipeline Build(MarketDataResilienceOptions options, TimeProvider timeProvider, ILogger logger, MarketDataTelemetry? telemetry = null)
    {
        var call = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        AddTimeout(call, options.TotalTimeout, TotalTimeoutName);
        var attempt = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        AddTimeout(attempt, options.AttemptTimeout, AttemptTimeoutName);
        var retry = options.Pipeline
            ?? (options.Enabled && options.MaxRetries > 0
                ? new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddRetry(RetryOptions(options, timeProvider, logger, telemetry ?? MarketDataTelemetry.Shared)).Build()
                : null);
        return new RestResiliencePipeline(call.Build(), retry, FirstAttemptOutsideRetry: options.Pipeline is null, attempt.Build());
    }

    private static RetryStrategyOptions RetryOptions(MarketDataResilienceOptions options, TimeProvider timeProvider, ILogger logger, MarketDataTelemetry telemetry)
    {
        var retryAfter = new RetryAfterDelayGenerator(options.MaxRetryAfter, options.RetryAfterMargin);
        return new RetryStrategyOptions
        {
            Name = "MarketData.Retry",
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = options.UseJitter,
            Delay = Min(options.BaseDelay, MaxPollyValue),
            MaxDelay = Min(options.MaxDelay, MaxPollyValue),
            ShouldHandle = TransientErrorPredicate.ShouldHandle,
            DelayGenerator = retryAfter.GenerateAsync,
            OnRetry = args =>
            {
                var error = args.Outcome.Exception as MarketDataException;
                if (args.Context.Properties.TryGetValue(DeadlineKey, out var deadline) && args.RetryDelay >= deadline - timeProvider.GetUtcNow())
                {
                    // The wait would outlast the call: fail now with the typed error instead of a timeout after a doomed wait.
                    ExceptionDispatchInfo.Throw(args.Outcome.Exception!);
                }

                var path = args.Context.Properties.GetValue(RequestPathKey, string.Empty);
                Log.RetryScheduled(logger, path, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, error?.RawCode ?? string.Empty, error?.Code ?? ErrorCode.Unknown);
                telemetry.RecordRetry(path, error);
                return default;
            },
        };
    }

    private static void AddTimeout(ResiliencePipelineBuilder builder, TimeSpan timeout, string name)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var strategy = new TimeoutStrategyOptions { Name = name };
        if (timeout >= MinPollyTimeout && timeout <= MaxPollyValue)
        {
            strategy.Timeout = timeout;
        }
        else
        {
            strategy.TimeoutGenerator = _ => new ValueTask<TimeSpan>(timeout);
        }

        builder.AddTimeout(strategy);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
