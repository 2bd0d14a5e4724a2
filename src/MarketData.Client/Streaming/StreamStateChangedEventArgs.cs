namespace MarketData.Client.Streaming;

/// <summary>What <see cref="MarketDataStream.StateChanged"/> reports: the transition and why it happened.</summary>
public sealed class StreamStateChangedEventArgs : EventArgs
{
    internal StreamStateChangedEventArgs(
        StreamState previousState,
        StreamState state,
        Exception? exception,
        int attempt,
        TimeSpan? delay,
        IReadOnlyList<StreamSubscription> failedSubscriptions,
        int connectionIndex)
    {
        PreviousState = previousState;
        State = state;
        Exception = exception;
        Attempt = attempt;
        Delay = delay;
        FailedSubscriptions = failedSubscriptions;
        ConnectionIndex = connectionIndex;
    }

    /// <summary>The state before the change.</summary>
    public StreamState PreviousState { get; }

    /// <summary>The new state.</summary>
    public StreamState State { get; }

    /// <summary>
    /// What caused the change: the failure that dropped the connection or failed an attempt (a <see cref="MarketDataException"/>
    /// such as <see cref="MarketDataTimeoutException"/> for a silent connection, or the upgrade's error), or the failure that
    /// closed the stream for good. Null for a normal transition. Never contains the API key.
    /// </summary>
    public Exception? Exception { get; }

    /// <summary>On <see cref="StreamState.Reconnecting"/>: the number of the attempt that comes after <see cref="Delay"/> (1 for the first); otherwise 0.</summary>
    public int Attempt { get; }

    /// <summary>On <see cref="StreamState.Reconnecting"/>: how long the stream waits before that attempt; otherwise null.</summary>
    public TimeSpan? Delay { get; }

    /// <summary>
    /// On <see cref="StreamState.Connected"/>: the subscriptions the server refused when the stream reapplied them after
    /// connecting (each also reported on <see cref="MarketDataStream.Error"/> and marked <see cref="StreamSubscriptionStatus.Failed"/>).
    /// Empty otherwise.
    /// </summary>
    public IReadOnlyList<StreamSubscription> FailedSubscriptions { get; }

    /// <summary>Which connection of a <see cref="MarketDataStreamPool"/> changed (0 for a standalone stream).</summary>
    public int ConnectionIndex { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{PreviousState} -> {State}";
        if (Delay is { } delay)
        {
            text += $" (attempt {Attempt} in {delay.TotalMilliseconds:0} ms)";
        }

        if (Exception is { } ex)
        {
            text += $": {ex.GetType().Name}: {ex.Message}";
        }

        if (FailedSubscriptions.Count > 0)
        {
            text += $"; {FailedSubscriptions.Count} subscription(s) refused";
        }

        return text;
    }
}
