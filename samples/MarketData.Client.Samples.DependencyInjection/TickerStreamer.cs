using System.Globalization;
using MarketData.Client.Streaming;
using MarketData.Client.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketData.Client.Samples.DependencyInjection;

/// <summary>
/// Streams tickers through the <see cref="IMarketDataStream"/> that <c>AddMarketDataStream</c> registered, logging a summary of
/// the latest prices and every state change. With the simulator it drops the stream's connection midway: the stream
/// reconnects and resubscribes on its own (the SDK also logs the reconnect at Warning), and tickers keep coming.
/// </summary>
internal sealed partial class TickerStreamer(
    IMarketDataStream stream,
    IOptions<StreamerOptions> options,
    WorkersCompletion completion,
    ILogger<TickerStreamer> logger,
    TimeProvider? timeProvider = null,
    MarketDataSimulator? simulator = null) : BackgroundService
{
    private readonly StreamerOptions _options = options.Value;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<string, decimal> _latest = new(StringComparer.OrdinalIgnoreCase);
    private int _reconnects;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stream.StateChanged += OnStateChanged;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (_options.Duration > TimeSpan.Zero)
        {
            window.CancelAfter(_options.Duration);
        }

        try
        {
            await stream.ConnectAsync(window.Token);
            await stream.SubscribeAsync(StreamChannel.Ticker, _options.Symbols, cancellationToken: window.Token);
            LogSubscribed(logger, string.Join(", ", _options.Symbols), stream.Url);

            var disconnect = ScriptDisconnectAsync(window.Token);
            var (total, afterReconnect) = await ReadAsync(window.Token);
            await disconnect;
            LogFinished(logger, total, afterReconnect, _reconnects, stream.DroppedMessages);
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
            // Duration over, or the host is stopping (Ctrl+C).
        }
        catch (MarketDataException ex)
        {
            // Closed for good: a wrong key (401), no permission (403), a refused subscription...
            LogGaveUp(logger, ex, ex.Code, ex.Recommendation);
        }
        finally
        {
            stream.StateChanged -= OnStateChanged;
            completion.Finished();
        }
    }

    private async Task<(int Total, int AfterReconnect)> ReadAsync(CancellationToken cancellationToken)
    {
        int total = 0, afterReconnect = 0;
        var nextSummary = _time.GetTimestamp();
        try
        {
            await foreach (var ticker in stream.ReadTickersAsync(cancellationToken))
            {
                total++;
                if (Volatile.Read(ref _reconnects) > 0)
                {
                    afterReconnect++;
                }

                _latest[ticker.SubscribedSymbol ?? ticker.Symbol] = ticker.LastPrice;
                if (_time.GetTimestamp() >= nextSummary)
                {
                    nextSummary = _time.GetTimestamp() + (long)(_options.SummaryInterval.TotalSeconds * _time.TimestampFrequency);
                    LogPrices(logger, total, string.Join("  ", _latest.Select(p => p.Key + " " + p.Value.ToString(CultureInfo.InvariantCulture))));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The window is over.
        }

        return (total, afterReconnect);
    }

    /// <summary>With the simulator: abort every stream connection without a close frame, as a network failure would.</summary>
    private async Task ScriptDisconnectAsync(CancellationToken cancellationToken)
    {
        if (simulator is null || _options.DisconnectAfter <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(_options.DisconnectAfter, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var dropped = simulator.Faults.DropStreamConnections();
        LogScriptedDrop(logger, dropped);
    }

    private void OnStateChanged(object? sender, StreamStateChangedEventArgs e)
    {
        switch (e.State)
        {
            case StreamState.Reconnecting:
                LogReconnecting(logger, e.Exception?.GetType().Name ?? "unknown", e.Attempt, e.Delay?.TotalMilliseconds ?? 0);
                break;
            case StreamState.Connected when e.PreviousState == StreamState.Reconnecting:
                Interlocked.Increment(ref _reconnects);
                LogReconnected(logger, stream.Subscriptions.Count(s => s.Status == StreamSubscriptionStatus.Active), e.FailedSubscriptions.Count);
                break;
            case StreamState.Closed when e.Exception is { } failure:
                LogClosed(logger, failure.Message);
                break;
            default:
                LogState(logger, e.PreviousState, e.State);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Streaming tickers for {Symbols} from {Url}")]
    private static partial void LogSubscribed(ILogger logger, string symbols, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream: {Count} tickers so far; latest {Prices}")]
    private static partial void LogPrices(ILogger logger, int count, string prices);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Previous} -> {State}")]
    private static partial void LogState(ILogger logger, StreamState previous, StreamState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream lost ({Reason}, details in the SDK's warning); reconnect attempt {Attempt} in {DelayMs:0} ms")]
    private static partial void LogReconnecting(ILogger logger, string reason, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream reconnected: {Active} subscriptions restored, {Refused} refused")]
    private static partial void LogReconnected(ILogger logger, int active, int refused);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The simulator drops {Count} stream connection(s) without a close frame, like a network failure")]
    private static partial void LogScriptedDrop(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Streamed {Total} tickers, {AfterReconnect} of them after {Reconnects} reconnect(s); {Dropped} dropped by backpressure")]
    private static partial void LogFinished(ILogger logger, int total, int afterReconnect, int reconnects, long dropped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Streaming stopped: {Code}. {Recommendation}")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, ErrorCode code, string recommendation);
}
