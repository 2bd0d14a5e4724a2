namespace MarketData.Client.Streaming;

/// <summary>The answer to <see cref="MarketDataStream.PingAsync"/>.</summary>
/// <param name="RoundTripTime">The time from sending the ping to reading the pong, measured with the options' <see cref="TimeProvider"/>.</param>
/// <param name="ServerTime">The server's clock when it answered (UTC); null if the pong carried no timestamp.</param>
public readonly record struct StreamPingResult(TimeSpan RoundTripTime, DateTimeOffset? ServerTime);
