using MarketData.Client.Shared;
using System.Net;
using System.Runtime.CompilerServices;
using MarketData.Client.Diagnostics;
using MarketData.Client.Http;
using MarketData.Client.Models;
using MarketData.Client.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketData.Client;

/// <summary>
/// The REST client of the market-data service. Thread-safe; create one and share it (or let
/// <c>AddMarketDataClient</c> manage it through <see cref="IHttpClientFactory"/>).
/// </summary>
/// <example>
/// <code>
/// using var client = new MarketDataClient(new MarketDataClientOptions { ApiKey = "..." });
/// var tickers = await client.GetTickersAsync(["AAPL.US", "700.HK"]);
/// </code>
/// </example>
public sealed class MarketDataClient : IMarketDataClient, IDisposable
{
    private const string SymbolsParam = "symbols";
    private const string SymbolParam = "symbol";
    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly RestTransport _transport;
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    /// <summary>Creates a client that owns its own connection pool.</summary>
    /// <param name="options">The options; validated here. The client keeps a copy.</param>
    /// <exception cref="ArgumentException">The options are invalid (for example no API key).</exception>
    public MarketDataClient(MarketDataClientOptions options)
        : this(MarketDataClientOptions.ValidatedCopy(options), CreateHttpClient(), ownsHttpClient: true, propagateTraceContext: true)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> the caller owns (for example one from <see cref="IHttpClientFactory"/>).</summary>
    /// <param name="httpClient">
    /// The client to send with; its <c>Timeout</c> should be infinite (the SDK applies its own). Its handler is the app's:
    /// if it follows redirects (the default of <see cref="HttpClientHandler"/> and <see cref="SocketsHttpHandler"/>), a
    /// redirecting reply would carry the <c>X-API-Key</c> header to another host, and its diagnostics see that header.
    /// Set <c>AllowAutoRedirect = false</c> on it, or use the constructor without a client (docs/errors.md).
    /// </param>
    /// <param name="options">The options; validated here. The client keeps a copy.</param>
    /// <exception cref="ArgumentException">The options are invalid (for example no API key).</exception>
    public MarketDataClient(HttpClient httpClient, MarketDataClientOptions options)
        : this(MarketDataClientOptions.ValidatedCopy(options), httpClient ?? throw new ArgumentNullException(nameof(httpClient)), ownsHttpClient: false, propagateTraceContext: false)
    {
    }

    /// <param name="validatedCopy">Options from <see cref="MarketDataClientOptions.ValidatedCopy"/>, used as they are.</param>
    /// <param name="httpClient">The client to send with.</param>
    /// <param name="ownsHttpClient">Whether <see cref="Dispose"/> disposes <paramref name="httpClient"/>.</param>
    /// <param name="propagateTraceContext">Whether the SDK writes the trace headers (its handler has no propagator).</param>
    /// <param name="telemetry">The instruments to record to; null for the static ones (no dependency injection).</param>
    internal MarketDataClient(MarketDataClientOptions validatedCopy, HttpClient httpClient, bool ownsHttpClient, bool propagateTraceContext, MarketDataTelemetry? telemetry = null)
    {
        Options = validatedCopy;
        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
        var logger = (ILogger?)Options.LoggerFactory?.CreateLogger("MarketData.Client") ?? NullLogger.Instance;
        _transport = new RestTransport(httpClient, Options, logger, _disposing.Token, propagateTraceContext, telemetry ?? MarketDataTelemetry.Shared);
    }

    /// <summary>The options in force (a copy of those passed in).</summary>
    public MarketDataClientOptions Options { get; }

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticker>> GetTickersAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var list = ArgumentChecks.Symbols(symbols, nameof(symbols));
        var request = Get("/v1/market/ticker").AddList(SymbolsParam, list).Add("type", TypeValue(type));
        return SendAsync(request, MarketDataJsonContext.Default.IReadOnlyListTicker, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KlineSeries> GetKlinesAsync(string symbol, KlineInterval interval, int? limit = null, DateTimeOffset? start = null, DateTimeOffset? end = null, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var s = ArgumentChecks.Symbol(symbol, nameof(symbol));
        var i = Interval(ArgumentChecks.HistoryInterval(interval, nameof(interval)));
        ArgumentChecks.Limit(limit, KlineWindows.MaxBarsPerRequest, nameof(limit));
        ArgumentChecks.Range(start, end, nameof(start));
        var request = Get("/v1/market/kline")
            .Add(SymbolParam, s)
            .Add("interval", i)
            .Add("limit", limit)
            .Add("start_time", start?.ToUnixTimeMilliseconds())
            .Add("end_time", end?.ToUnixTimeMilliseconds())
            .Add("type", TypeValue(type));
        return SendAsync(request, MarketDataJsonContext.Default.KlineSeries, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Kline> GetKlineHistoryAsync(string symbol, KlineInterval interval, DateTimeOffset from, DateTimeOffset to, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var s = ArgumentChecks.Symbol(symbol, nameof(symbol));
        Interval(ArgumentChecks.HistoryInterval(interval, nameof(interval)));
        var barSpan = KlineWindows.BarSpan(interval);
        ArgumentChecks.Range(from, to, nameof(from));
        return WalkKlinesAsync(s, interval, from, to, barSpan, type, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KlineSeries>> GetLatestKlinesAsync(IEnumerable<string> symbols, KlineInterval interval, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var list = ArgumentChecks.Symbols(symbols, nameof(symbols), max: null);
        var request = Get("/v1/market/kline/latest").AddList(SymbolsParam, list).Add("interval", Interval(interval)).Add("type", TypeValue(type));
        return SendAsync(request, MarketDataJsonContext.Default.IReadOnlyListKlineSeries, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KlineIntervalList> GetKlineIntervalsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Get("/v1/market/intervals/kline"), MarketDataJsonContext.Default.KlineIntervalList, cancellationToken);

    /// <inheritdoc />
    public Task<OrderBook> GetDepthAsync(string symbol, int? limit = null, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var s = ArgumentChecks.Symbol(symbol, nameof(symbol));
        ArgumentChecks.Limit(limit, 50, nameof(limit));
        var request = Get("/v1/market/depth").Add(SymbolParam, s).Add("limit", limit).Add("type", TypeValue(type));
        return SendAsync(request, MarketDataJsonContext.Default.OrderBook, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TradeList> GetTradesAsync(string symbol, int? limit = null, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var s = ArgumentChecks.Symbol(symbol, nameof(symbol));
        ArgumentChecks.Limit(limit, 1000, nameof(limit));
        var request = Get("/v1/market/trades").Add(SymbolParam, s).Add("limit", limit).Add("type", TypeValue(type));
        return SendAsync(request, MarketDataJsonContext.Default.TradeList, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SymbolPage> GetAvailableSymbolsAsync(SymbolType? type = null, Market? market = null, int? limit = null, int? offset = null, CancellationToken cancellationToken = default)
    {
        ArgumentChecks.Limit(limit, 1000, nameof(limit));
        if (offset is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Must not be negative.");
        }

        var request = Get("/v1/symbols/available")
            .Add("type", TypeValue(type))
            .Add("market", market is { } m && m.Value.Length > 0 ? m.Value : null)
            .Add("limit", limit)
            .Add("offset", offset);
        return SendAsync(request, MarketDataJsonContext.Default.SymbolPage, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SymbolInfo> ListAvailableSymbolsAsync(SymbolType? type = null, Market? market = null, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentChecks.Limit(pageSize, 1000, nameof(pageSize));
        return PageSymbolsAsync(type, market, pageSize, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IntradaySeries>> GetIntradayAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var list = ArgumentChecks.Symbols(symbols, nameof(symbols));
        var request = Get("/v1/market/intraday").AddList(SymbolsParam, list).Add("type", TypeValue(ArgumentChecks.NotFutures(type, nameof(type))));
        return SendAsync(request, MarketDataJsonContext.Default.IReadOnlyListIntradaySeries, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MarketTradingSessions>> GetTradingSessionsAsync(Market market, CancellationToken cancellationToken = default)
    {
        var m = ArgumentChecks.ExchangeMarket(market, nameof(market));
        return SendAsync(Get("/v1/market/trading-sessions").Add("market", m.Value), MarketDataJsonContext.Default.IReadOnlyListMarketTradingSessions, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TradeDays> GetTradeDaysAsync(Market market, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var m = ArgumentChecks.ExchangeMarket(market, nameof(market));
        if (from > to)
        {
            throw new ArgumentException("The first day is after the last day.", nameof(from));
        }

        var request = Get("/v1/market/trade-days")
            .Add("market", m.Value)
            .Add("beg_day", from.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
            .Add("end_day", to.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        return SendAsync(request, MarketDataJsonContext.Default.TradeDays, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StockInfo>> GetStockInfoAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var list = ArgumentChecks.Symbols(symbols, nameof(symbols));
        var request = Get("/v1/market/stock-info").AddList(SymbolsParam, list).Add("type", TypeValue(ArgumentChecks.NotFutures(type, nameof(type))));
        return SendAsync(request, MarketDataJsonContext.Default.IReadOnlyListStockInfo, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MarketMetrics>> GetMarketMetricsAsync(IEnumerable<string> symbols, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var list = ArgumentChecks.Symbols(symbols, nameof(symbols));
        var request = Get("/v1/market/calc-index").AddList(SymbolsParam, list).Add("type", TypeValue(ArgumentChecks.NotFutures(type, nameof(type))));
        return SendAsync(request, MarketDataJsonContext.Default.IReadOnlyListMarketMetrics, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CapitalFlow> GetCapitalFlowAsync(string symbol, SymbolType? type = null, CancellationToken cancellationToken = default)
    {
        var s = ArgumentChecks.Symbol(symbol, nameof(symbol));
        var request = Get("/v1/market/capital-flow").Add(SymbolParam, s).Add("type", TypeValue(ArgumentChecks.NotFutures(type, nameof(type))));
        return SendAsync(request, MarketDataJsonContext.Default.CapitalFlow, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConnectionInfo>> GetConnectionsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Get("/v1/connections"), MarketDataJsonContext.Default.IReadOnlyListConnectionInfo, cancellationToken);

    /// <inheritdoc />
    public async Task CloseConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var segment = ArgumentChecks.PathSegment(connectionId, nameof(connectionId));
        var request = new RestRequest(HttpMethod.Delete, "/v1/connections/" + segment) { DataRequired = false };
        await SendAsync(request, MarketDataJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends calls in flight (they fail with <see cref="ObjectDisposedException"/>) and releases the connection pool if
    /// the client created it; a client built over a caller's HttpClient leaves that client alone.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing.Cancel();
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }

        // _disposing is not disposed: calls racing with Dispose still read its (cancelled) token safely. It holds no timer.
    }

    internal static HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// The SDK's own handler. It never follows a redirect (the <c>X-API-Key</c> header would go along; a 3xx becomes a
    /// <see cref="MarketDataTransportException"/>) and has no propagator, which leaves out the runtime's DiagnosticsHandler:
    /// its <c>HttpHandlerDiagnosticListener</c> events hand the request, with its headers, to any subscriber. The transport
    /// writes the W3C trace headers itself instead (docs/observability.md).
    /// </summary>
    /// <returns>A new handler.</returns>
    internal static SocketsHttpHandler CreateHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        MaxConnectionsPerServer = MaxConnectionsPerServer,
        AllowAutoRedirect = false,
        ActivityHeadersPropagator = null,
    };

    /// <summary>Connections the client opens to the service at most; further concurrent calls queue for one (no socket exhaustion).</summary>
    internal const int MaxConnectionsPerServer = 64;

    private static RestRequest Get(string path) => new(HttpMethod.Get, path);

    private static string? TypeValue(SymbolType? type) => type is { } t && t.Value.Length > 0 ? t.Value : null;

    private static string Interval(KlineInterval interval) =>
        interval.Value.Length == 0 ? throw new ArgumentException("An interval is required.", nameof(interval)) : interval.Value;

    private Task<T> SendAsync<T>(RestRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _transport.SendAsync(request, typeInfo, cancellationToken);
    }

    private async IAsyncEnumerable<SymbolInfo> PageSymbolsAsync(SymbolType? type, Market? market, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0;
        string? previousFirst = null;
        while (true)
        {
            var page = await GetAvailableSymbolsAsync(type, market, pageSize, offset, cancellationToken).ConfigureAwait(false);
            var first = page.Products.Count > 0 ? page.Products[0].Symbol : null;
            if (offset > 0 && first is not null && first == previousFirst)
            {
                // A server that ignores offset would page forever: stop with a typed error instead.
                throw new MarketDataTransportException(new MarketDataErrorDetails(ErrorCode.MalformedResponse)
                {
                    RequestPath = "/v1/symbols/available",
                    ServerMessage = $"The page at offset {offset} repeats the previous page; the server ignored the offset.",
                });
            }

            previousFirst = first;
            foreach (var item in page.Products)
            {
                yield return item;
            }

            offset += page.Products.Count;
            var total = page.Pagination?.Total;
            if (page.Products.Count == 0 || (total is { } t && offset >= t) || (total is null && page.Products.Count < pageSize))
            {
                yield break;
            }
        }
    }

    private async IAsyncEnumerable<Kline> WalkKlinesAsync(string symbol, KlineInterval interval, DateTimeOffset from, DateTimeOffset to, TimeSpan barSpan, SymbolType? type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromTicks(barSpan.Ticks * KlineWindows.MaxBarsPerRequest);
        var cursor = from.ToUnixTimeMilliseconds();
        var last = to.ToUnixTimeMilliseconds();
        var lastEmitted = long.MinValue;
        while (cursor <= last)
        {
            var windowEnd = Math.Min(last, cursor + (long)window.TotalMilliseconds - 1);
            var series = await GetKlinesAsync(
                symbol, interval, KlineWindows.MaxBarsPerRequest,
                DateTimeOffset.FromUnixTimeMilliseconds(cursor), DateTimeOffset.FromUnixTimeMilliseconds(windowEnd), type, cancellationToken).ConfigureAwait(false);
            var bars = series.Klines.Count > 1 && !IsSorted(series.Klines) ? [.. series.Klines.OrderBy(k => k.Time)] : series.Klines;
            foreach (var bar in bars)
            {
                var t = bar.Time.ToUnixTimeMilliseconds();
                if (t <= lastEmitted || t < cursor || t > windowEnd)
                {
                    continue;
                }

                lastEmitted = t;
                yield return bar;
            }

            if (windowEnd >= last)
            {
                yield break;
            }

            cursor = windowEnd + 1;
        }
    }

    private static bool IsSorted(IReadOnlyList<Kline> bars)
    {
        for (var i = 1; i < bars.Count; i++)
        {
            if (bars[i].Time < bars[i - 1].Time)
            {
                return false;
            }
        }

        return true;
    }
}
