using System.Runtime.ExceptionServices;
using Polly.Retry;

namespace MarketData.Client.Resilience;

/// <summary>
/// The retry delay generator (Polly's <c>DelayGenerator</c>): the reply's Retry-After plus
/// <see cref="MarketDataResilienceOptions.RetryAfterMargin"/> when it sent one (whatever the code), else null so that
/// Polly's own exponential backoff (with jitter when enabled) applies. A Retry-After beyond
/// <see cref="MarketDataResilienceOptions.MaxRetryAfter"/> is not waited: the attempt's typed exception is thrown at
/// once, so the caller sees what the server asked for (<see cref="MarketDataErrorDetails.RetryAfter"/>).
/// </summary>
internal sealed class RetryAfterDelayGenerator(TimeSpan maxRetryAfter, TimeSpan margin)
{
    public ValueTask<TimeSpan?> GenerateAsync(RetryDelayGeneratorArguments<object> args) =>
        new(Delay(args.Outcome.Exception as MarketDataException));

    /// <summary>The wait a failure asks for, null for backoff; throws the failure when its Retry-After is too long.</summary>
    public TimeSpan? Delay(MarketDataException? error)
    {
        if (error?.Details.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter > maxRetryAfter || retryAfter > TimeSpan.MaxValue - margin)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return retryAfter + margin;
    }
}
