using System.Globalization;
using MarketData.Client.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketData.Client.Samples.DependencyInjection;

/// <summary>
/// Polls tickers on an interval. Transient failures are retried by the SDK (its retries are logged at Warning by the
/// "MarketData.Client" logger); what still fails after them is logged here and the next poll tries again.
/// </summary>
internal sealed partial class TickerPoller(
    IMarketDataClient client,
    IOptions<PollerOptions> options,
    WorkersCompletion completion,
    ILogger<TickerPoller> logger,
    TimeProvider? timeProvider = null,
    MarketDataSimulator? simulator = null) : BackgroundService
{
    private readonly PollerOptions _options = options.Value;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            for (var poll = 1; _options.Polls <= 0 || poll <= _options.Polls; poll++)
            {
                ScriptFailures(poll);
                await PollAsync(poll, stoppingToken);
                if (poll != _options.Polls)
                {
                    await Task.Delay(_options.Interval, _time, stoppingToken);
                }
            }

            LogFinished(logger, _options.Polls);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping (Ctrl+C).
        }
        catch (MarketDataException ex)
        {
            // Not transient (a wrong key, an unknown symbol...): polling again would fail the same way.
            LogGaveUp(logger, ex, ex.Code, ex.Recommendation);
        }

        completion.Finished();
    }

    private async Task PollAsync(int poll, CancellationToken cancellationToken)
    {
        try
        {
            var tickers = await client.GetTickersAsync(_options.Symbols, cancellationToken: cancellationToken);
            foreach (var t in tickers)
            {
                LogTicker(logger, poll, t.Symbol, t.LastPrice.ToString(CultureInfo.InvariantCulture), t.PriceChangePercent24h ?? 0m);
            }
        }
        catch (MarketDataException ex) when (ex.IsTransient)
        {
            LogPollFailed(logger, ex, poll, ex.Code);
        }
    }

    /// <summary>With the simulator, a few polls meet trouble: an outage the SDK retries through, and a rate limit it waits out.</summary>
    private void ScriptFailures(int poll)
    {
        if (simulator is null)
        {
            return;
        }

        switch (poll)
        {
            case 3:
                LogScripted(logger, poll, "a data-source outage: the next two ticker requests fail with 5001");
                simulator.Faults.ServiceError(5001, times: 2, path: "/v1/market/ticker");
                break;
            case 5:
                LogScripted(logger, poll, "a rate limit: the next ticker request gets 429 with Retry-After: 1");
                simulator.Faults.RateLimit(TimeSpan.FromSeconds(1), times: 1, path: "/v1/market/ticker");
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {Poll}: {Symbol} {LastPrice} ({ChangePercent:+0.00;-0.00}% in 24 h)")]
    private static partial void LogTicker(ILogger logger, int poll, string symbol, string lastPrice, decimal changePercent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {Poll} failed after the SDK's retries ({Code}); the next poll tries again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, int poll, ErrorCode code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling stopped: {Code}. {Recommendation}")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, ErrorCode code, string recommendation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {Poll}: the simulator scripts {What}")]
    private static partial void LogScripted(ILogger logger, int poll, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finished {Polls} polls")]
    private static partial void LogFinished(ILogger logger, int polls);
}
