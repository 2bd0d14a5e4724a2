using MarketData.Client.Models;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>One valid call of every public REST method (the walkers enumerated to the end), for tests that must cover them all.</summary>
internal static class EveryEndpoint
{
    public static IReadOnlyList<(string Name, Func<Task> Call)> Calls(IMarketDataClient client, CancellationToken cancellationToken = default)
    {
        var from = new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);
        return
        [
            (nameof(client.GetTickersAsync), () => client.GetTickersAsync(["AAPL.US", "700.HK"], cancellationToken: cancellationToken)),
            (nameof(client.GetKlinesAsync), () => client.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, 10, from, from.AddDays(1), cancellationToken: cancellationToken)),
            (nameof(client.GetKlineHistoryAsync), () => Drain(client.GetKlineHistoryAsync("AAPL.US", KlineInterval.OneMinute, from, from.AddHours(1), cancellationToken: cancellationToken))),
            (nameof(client.GetLatestKlinesAsync), () => client.GetLatestKlinesAsync(["AAPL.US"], KlineInterval.OneDay, cancellationToken: cancellationToken)),
            (nameof(client.GetKlineIntervalsAsync), () => client.GetKlineIntervalsAsync(cancellationToken)),
            (nameof(client.GetDepthAsync), () => client.GetDepthAsync("700.HK", 5, cancellationToken: cancellationToken)),
            (nameof(client.GetTradesAsync), () => client.GetTradesAsync("700.HK", 5, cancellationToken: cancellationToken)),
            (nameof(client.GetAvailableSymbolsAsync), () => client.GetAvailableSymbolsAsync(SymbolType.Stock, Market.HK, 10, 0, cancellationToken)),
            (nameof(client.ListAvailableSymbolsAsync), () => Drain(client.ListAvailableSymbolsAsync(pageSize: 10, cancellationToken: cancellationToken))),
            (nameof(client.GetIntradayAsync), () => client.GetIntradayAsync(["700.HK"], cancellationToken: cancellationToken)),
            (nameof(client.GetTradingSessionsAsync), () => client.GetTradingSessionsAsync(Market.HK, cancellationToken)),
            (nameof(client.GetTradeDaysAsync), () => client.GetTradeDaysAsync(Market.CN, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), cancellationToken)),
            (nameof(client.GetStockInfoAsync), () => client.GetStockInfoAsync(["700.HK"], cancellationToken: cancellationToken)),
            (nameof(client.GetMarketMetricsAsync), () => client.GetMarketMetricsAsync(["700.HK"], cancellationToken: cancellationToken)),
            (nameof(client.GetCapitalFlowAsync), () => client.GetCapitalFlowAsync("700.HK", cancellationToken: cancellationToken)),
            (nameof(client.GetConnectionsAsync), () => client.GetConnectionsAsync(cancellationToken)),
            (nameof(client.CloseConnectionAsync), () => client.CloseConnectionAsync("conn-1", cancellationToken)),
        ];
    }

    private static async Task Drain<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items)
        {
        }
    }
}
