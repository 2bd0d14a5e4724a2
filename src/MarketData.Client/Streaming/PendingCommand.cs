namespace MarketData.Client.Streaming;

/// <summary>How a command ended: the server's error (null on success), and for a ping the measurement.</summary>
internal sealed record CommandOutcome(MarketDataException? Error, StreamPingResult Ping = default)
{
    public static CommandOutcome Success { get; } = new((MarketDataException?)null);
}

/// <summary>
/// A command sent and not yet answered. The protocol has no request ids: answers are matched to commands of the same kind
/// in the order they were sent, so a command keeps its place even after its caller stopped waiting. A <c>cmd: "error"</c>
/// answer names no command: it goes to the oldest command of any kind, by <see cref="Sequence"/>.
/// </summary>
internal sealed class PendingCommand
{
    private const int Waiting = 0;
    private const int Abandoned = 1;
    private const int Claimed = 2;

    private int _claim;

    public PendingCommand(CommandKind kind, StreamChannel channel, SubscriptionEntry[] entries, bool isResubscribe, bool hasCaller)
    {
        Kind = kind;
        Channel = channel;
        Entries = entries;
        IsResubscribe = isResubscribe;
        _claim = hasCaller ? Waiting : Abandoned;
    }

    public CommandKind Kind { get; }

    public StreamChannel Channel { get; }

    public SubscriptionEntry[] Entries { get; }

    /// <summary>Sent by the stream itself to restore subscriptions after connecting.</summary>
    public bool IsResubscribe { get; }

    public long SentTimestamp { get; set; }

    /// <summary>The order in which the command was queued on its connection (set by <see cref="StreamConnection.Post"/>).</summary>
    public long Sequence { get; set; }

    public TaskCompletionSource<CommandOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The caller gives up waiting (timeout, cancellation); false if the answer was already claimed for it.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _claim, Abandoned, Waiting) == Waiting;

    /// <summary>The receive loop hands a refusal to the waiting caller; false if nobody waits (then it goes to the error event).</summary>
    public bool TryClaimForCaller() => Interlocked.CompareExchange(ref _claim, Claimed, Waiting) == Waiting;

    public void Complete(CommandOutcome outcome) => Completion.TrySetResult(outcome);
}
