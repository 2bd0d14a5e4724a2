namespace MarketData.Client;

/// <summary>What the stream does when the app reads more slowly than messages arrive and the buffer is full.</summary>
public enum StreamBackpressureMode
{
    /// <summary>Default. Stop reading the socket until the app catches up: nothing is lost, the server sees backpressure.</summary>
    Wait = 0,

    /// <summary>
    /// Keep reading the socket; when the buffer is full, drop the oldest buffered ticker of the same symbol (a newer
    /// one supersedes it), else the oldest buffered ticker. Depth and trade messages are never dropped. Every drop is counted.
    /// </summary>
    DropOldestTicker = 1,
}
