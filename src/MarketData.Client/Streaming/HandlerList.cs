namespace MarketData.Client.Streaming;

/// <summary>The handlers of one channel: an immutable array replaced on every change (lock-free reads).</summary>
/// <typeparam name="T">The channel's record.</typeparam>
internal sealed class HandlerList<T>(StreamChannel channel)
    where T : StreamMessage
{
    private Action<T>[] _handlers = [];

    public StreamChannel Channel { get; } = channel;

    public int Count => Volatile.Read(ref _handlers).Length;

    /// <summary>Adds <paramref name="handler"/>; disposing the result removes it (once, however often it is disposed).</summary>
    public IDisposable Add(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Swap(current => [.. current, handler]);
        return new Registration(this, handler);
    }

    public bool TryInvoke(T message, IHandlerFailureSink onFailure)
    {
        var handlers = Volatile.Read(ref _handlers);
        if (handlers.Length == 0)
        {
            return false;
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                onFailure.HandlerFailed(message, ex);
            }
        }

        return true;
    }

    private void Remove(Action<T> handler) => Swap(current =>
    {
        var index = Array.FindIndex(current, h => ReferenceEquals(h, handler));
        return index < 0 ? current : [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)];
    });

    private void Swap(Func<Action<T>[], Action<T>[]> change)
    {
        var current = Volatile.Read(ref _handlers);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _handlers, change(current), current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>The handle returned to the app: its <see cref="Dispose"/> removes this registration only.</summary>
    private sealed class Registration(HandlerList<T> list, Action<T> handler) : IDisposable
    {
        private HandlerList<T>? _list = list;

        public void Dispose() => Interlocked.Exchange(ref _list, null)?.Remove(handler);
    }
}
