using Polly;
using Polly.Retry;

namespace MarketData.Client.Resilience;

/// <summary>
/// The retry predicate (Polly's <c>ShouldHandle</c>): an attempt is retried when it threw a typed
/// <see cref="MarketDataException"/> that the error table marks transient. Status codes are never read here; the
/// table already turned them into <see cref="MarketDataException.IsTransient"/>.
/// </summary>
internal static class TransientErrorPredicate
{
    public static readonly Func<RetryPredicateArguments<object>, ValueTask<bool>> ShouldHandle =
        static args => new ValueTask<bool>(IsTransient(args.Outcome));

    public static bool IsTransient<T>(Outcome<T> outcome) => outcome.Exception is MarketDataException { IsTransient: true };
}
