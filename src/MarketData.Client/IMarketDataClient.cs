using MarketData.Client.Models;

namespace MarketData.Client;

/// <summary>
/// The REST API of the market-data service, one method per endpoint. Every method validates its arguments before
/// sending anything (<see cref="ArgumentException"/>), retries what can improve, and fails with a
/// <see cref="MarketDataException"/> subtype; a caller's cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
public interface IMarketDataClient
{
    /// <summary>Gets ticker snapshots (<c>GET /v1/market/ticker</c>).</summary>
    /// <param name="symbols">1 to 50 symbols, e.g. <c>AAPL.US</c>, <c>700.HK</c>, <c>EURUSD</c>, <c>BTCUSDT</c>.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One ticker per symbol the service knows.</returns>
    Task<IReadOnlyList<Ticker>> GetTickersAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets K-lines of one symbol (<c>GET /v1/market/kline</c>).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The bar interval; not <see cref="KlineInterval.ThreeMinutes"/>, which only the latest K-lines offer.</param>
    /// <param name="limit">How many bars, 1 to 1000 (server default 100).</param>
    /// <param name="start">The earliest bar time, if any.</param>
    /// <param name="end">The latest bar time, if any; not before <paramref name="start"/>.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bars, oldest first.</returns>
    Task<KlineSeries> GetKlinesAsync(string symbol, KlineInterval interval, int? limit = null, DateTimeOffset? start = null, DateTimeOffset? end = null, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Walks a time range of any length in windows of at most 1000 bars, in order, without gaps or duplicates.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The bar interval; not <see cref="KlineInterval.ThreeMinutes"/>, which only the latest K-lines offer.</param>
    /// <param name="from">The earliest bar time.</param>
    /// <param name="to">The latest bar time; after <paramref name="from"/>.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The bars in the range, oldest first.</returns>
    IAsyncEnumerable<Kline> GetKlineHistoryAsync(string symbol, KlineInterval interval, DateTimeOffset from, DateTimeOffset to, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the latest K-lines of several symbols (<c>GET /v1/market/kline/latest</c>).</summary>
    /// <param name="symbols">One or more symbols (the contract sets no maximum).</param>
    /// <param name="interval">The bar interval.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One series per symbol.</returns>
    Task<IReadOnlyList<KlineSeries>> GetLatestKlinesAsync(IEnumerable<string> symbols, KlineInterval interval, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the supported K-line intervals (<c>GET /v1/market/intervals/kline</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The intervals.</returns>
    Task<KlineIntervalList> GetKlineIntervalsAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the order book (<c>GET /v1/market/depth</c>).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">Levels per side, 1 to 50 (server default 10).</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order book.</returns>
    Task<OrderBook> GetDepthAsync(string symbol, int? limit = null, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the latest trades (<c>GET /v1/market/trades</c>).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">How many trades, 1 to 1000 (server default 100).</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades.</returns>
    Task<TradeList> GetTradesAsync(string symbol, int? limit = null, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one page of the available instruments (<c>GET /v1/symbols/available</c>).</summary>
    /// <param name="type">Filter by product type.</param>
    /// <param name="market">Filter by market.</param>
    /// <param name="limit">Page size, 1 to 1000 (server default 100).</param>
    /// <param name="offset">Offset of the page's first item, 0 or more.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<SymbolPage> GetAvailableSymbolsAsync(SymbolType? type = null, Market? market = null, int? limit = null, int? offset = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every available instrument, fetching page after page until the end.</summary>
    /// <param name="type">Filter by product type.</param>
    /// <param name="market">Filter by market.</param>
    /// <param name="pageSize">Items per request, 1 to 1000. Default 1000.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The instruments.</returns>
    IAsyncEnumerable<SymbolInfo> ListAvailableSymbolsAsync(SymbolType? type = null, Market? market = null, int pageSize = 1000, CancellationToken cancellationToken = default);

    /// <summary>Gets intraday time series (<c>GET /v1/market/intraday</c>).</summary>
    /// <param name="symbols">1 to 50 symbols.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol; stock, indices, crypto or forex (the endpoint takes no futures).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One series per symbol.</returns>
    Task<IReadOnlyList<IntradaySeries>> GetIntradayAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a market's trading sessions (<c>GET /v1/market/trading-sessions</c>).</summary>
    /// <param name="market">US, HK or CN (GLOBAL is refused).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sessions.</returns>
    Task<IReadOnlyList<MarketTradingSessions>> GetTradingSessionsAsync(Market market, CancellationToken cancellationToken = default);

    /// <summary>Gets a market's trading days in a date range (<c>GET /v1/market/trade-days</c>).</summary>
    /// <param name="market">US, HK or CN (GLOBAL is refused).</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trading days.</returns>
    Task<TradeDays> GetTradeDaysAsync(Market market, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Gets stock reference data (<c>GET /v1/market/stock-info</c>).</summary>
    /// <param name="symbols">1 to 50 symbols.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol; stock, indices, crypto or forex (the endpoint takes no futures).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One entry per symbol.</returns>
    Task<IReadOnlyList<StockInfo>> GetStockInfoAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets market statistics and valuation indicators (<c>GET /v1/market/calc-index</c>).</summary>
    /// <param name="symbols">1 to 50 symbols.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol; stock, indices, crypto or forex (the endpoint takes no futures).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One entry per symbol.</returns>
    Task<IReadOnlyList<MarketMetrics>> GetMarketMetricsAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the capital flow of a stock (<c>GET /v1/market/capital-flow</c>).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="type">The product type, only needed for an ambiguous symbol; stock, indices, crypto or forex (the endpoint takes no futures).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The capital flow.</returns>
    Task<CapitalFlow> GetCapitalFlowAsync(string symbol, SymbolType? type = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the API key's open WebSocket connections (<c>GET /v1/connections</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connections.</returns>
    Task<IReadOnlyList<ConnectionInfo>> GetConnectionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes one of the API key's WebSocket connections (<c>DELETE /v1/connections/{id}</c>).</summary>
    /// <param name="connectionId">The connection id from <see cref="GetConnectionsAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service has closed the connection.</returns>
    Task CloseConnectionAsync(string connectionId, CancellationToken cancellationToken = default);
}
