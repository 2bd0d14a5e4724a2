using Polly;

namespace MarketData.Client.Resilience;

/// <summary>
/// How REST calls are retried. Defaults: 3 retries, exponential backoff from 0.5 s capped at 10 s with jitter,
/// Retry-After honoured up to 30 s, 10 s per attempt, 60 s per call. Each setter validates its value.
/// </summary>
public sealed class MarketDataResilienceOptions
{
    private int _maxRetries = 3;
    private TimeSpan _baseDelay = TimeSpan.FromMilliseconds(500);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(10);
    private TimeSpan _maxRetryAfter = TimeSpan.FromSeconds(30);
    private TimeSpan _retryAfterMargin = TimeSpan.FromMilliseconds(50);
    private TimeSpan _attemptTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _totalTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Whether failed idempotent calls are retried. Default true. Timeouts apply either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many times a call is retried after its first attempt (0 to 20). Default 3.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0 to 20.</exception>
    public int MaxRetries
    {
        get => _maxRetries;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxRetries));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 20, nameof(MaxRetries));
            _maxRetries = value;
        }
    }

    /// <summary>The first backoff delay; each retry doubles it. Default 0.5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(BaseDelay));
            _baseDelay = value;
        }
    }

    /// <summary>The longest backoff delay, jitter included. Default 10 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(MaxDelay));
            _maxDelay = value;
        }
    }

    /// <summary>
    /// The longest Retry-After the client waits before retrying a transient failure (3001, 3005, 5xxx, a 429 or 5xx
    /// without a code). A longer one (or one too large to read) fails at once with the typed exception, whose
    /// <see cref="MarketDataErrorDetails.RetryAfter"/> says what the server asked for. Default 30 s.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxRetryAfter
    {
        get => _maxRetryAfter;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(MaxRetryAfter));
            _maxRetryAfter = value;
        }
    }

    /// <summary>Added to every Retry-After wait so the retry never lands early (clock granularity). Default 50 ms; 0 to 5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0 to 5 s.</exception>
    public TimeSpan RetryAfterMargin
    {
        get => _retryAfterMargin;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(RetryAfterMargin));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromSeconds(5), nameof(RetryAfterMargin));
            _retryAfterMargin = value;
        }
    }

    /// <summary>
    /// Whether backoff delays are randomised (Polly's decorrelated jitter) so that many clients do not retry in step.
    /// Each wait stays within <see cref="MaxDelay"/>. Default true.
    /// </summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>The longest one attempt may take (send and read the body). Default 10 s. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than infinite).</exception>
    public TimeSpan AttemptTimeout
    {
        get => _attemptTimeout;
        set
        {
            ValidateTimeout(value, nameof(AttemptTimeout));
            _attemptTimeout = value;
        }
    }

    /// <summary>The longest one call may take, retries and waits included. Default 60 s. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than infinite).</exception>
    public TimeSpan TotalTimeout
    {
        get => _totalTimeout;
        set
        {
            ValidateTimeout(value, nameof(TotalTimeout));
            _totalTimeout = value;
        }
    }

    /// <summary>
    /// Replaces the SDK's retry pipeline with the app's own. Each attempt it runs either returns the typed result or
    /// throws a <see cref="MarketDataException"/> (read <see cref="MarketDataException.IsTransient"/> to decide).
    /// Timeouts still apply around it. Default null: the SDK's pipeline built from these options.
    /// </summary>
    public ResiliencePipeline? Pipeline { get; set; }

    /// <summary>Checks the combination of values.</summary>
    /// <exception cref="ArgumentException">MaxDelay is below BaseDelay.</exception>
    public void Validate()
    {
        if (MaxDelay < BaseDelay)
        {
            throw new ArgumentException("MaxDelay must not be below BaseDelay.", nameof(MaxDelay));
        }
    }

    /// <summary>A copy of these options.</summary>
    /// <returns>The copy.</returns>
    public MarketDataResilienceOptions Clone() => (MarketDataResilienceOptions)MemberwiseClone();

    private static void ValidateTimeout(TimeSpan value, string property)
    {
        if (value != System.Threading.Timeout.InfiniteTimeSpan && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(property, value, "A timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
    }
}
