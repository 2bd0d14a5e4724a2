using System.Globalization;
using System.Text.Json;
using MarketData.Client.Models;

namespace MarketData.Client.Testing.Internal;

/// <summary>The REST endpoints of <c>openapi.yaml</c> plus <c>/v1/connections</c>, answering from <see cref="MarketModel"/>.</summary>
internal sealed class RestApi
{
    private const string UpdatedAt = "2026-03-15T20:27:58Z";
    private static readonly DateOnly FirstTradeDay = new(1990, 1, 1);
    private static readonly DateOnly LastTradeDay = new(2100, 12, 31);

    private readonly InstrumentCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly StreamHub _stream;

    public RestApi(InstrumentCatalog catalog, TimeProvider time, StreamHub stream)
    {
        _catalog = catalog;
        _time = time;
        _stream = stream;
    }

    /// <summary>Every path the simulator serves (connection ids excepted).</summary>
    public static IReadOnlyList<string> Paths { get; } =
    [
        "/v1/market/ticker", "/v1/market/kline", "/v1/market/kline/latest", "/v1/market/intervals/kline", "/v1/market/depth",
        "/v1/market/trades", "/v1/symbols/available", "/v1/market/intraday", "/v1/market/trading-sessions", "/v1/market/trade-days",
        "/v1/market/stock-info", "/v1/market/calc-index", "/v1/market/capital-flow", "/v1/connections",
    ];

    public async Task<SimResponse> HandleAsync(string method, string path, SimQuery query)
    {
        try
        {
            if (path.StartsWith("/v1/connections/", StringComparison.Ordinal) && method == "DELETE")
            {
                return await CloseConnectionAsync(Uri.UnescapeDataString(path["/v1/connections/".Length..])).ConfigureAwait(false);
            }

            if (method != "GET")
            {
                throw NotFound(path);
            }

            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            return path switch
            {
                "/v1/market/ticker" => Tickers(query, now),
                "/v1/market/kline" => Klines(query, now),
                "/v1/market/kline/latest" => LatestKlines(query, now),
                "/v1/market/intervals/kline" => Intervals(),
                "/v1/market/depth" => Depth(query, now),
                "/v1/market/trades" => Trades(query, now),
                "/v1/symbols/available" => Symbols(query),
                "/v1/market/intraday" => Intraday(query, now),
                "/v1/market/trading-sessions" => TradingSessions(query),
                "/v1/market/trade-days" => TradeDays(query),
                "/v1/market/stock-info" => StockInfo(query),
                "/v1/market/calc-index" => Metrics(query, now),
                "/v1/market/capital-flow" => CapitalFlow(query, now),
                "/v1/connections" => Connections(),
                _ => throw NotFound(path),
            };
        }
        catch (SimulatedError error)
        {
            return SimResponse.Error(error);
        }
    }

    private static SimulatedError NotFound(string path) => new(ErrorCode.ResourceNotFound, $"Not found: {path}");

    private SimResponse Tickers(SimQuery query, long now)
    {
        var instruments = _catalog.ResolveMany(query.Symbols(), query.Type());
        return SimResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var instrument in instruments)
            {
                w.WriteStartObject();
                WireFormat.WriteTickerFields(w, instrument, MarketModel.Ticker(instrument, now), instrument.Symbol, includeName: true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private SimResponse Klines(SimQuery query, long now)
    {
        var instrument = _catalog.Resolve(query.Required("symbol"), query.Type());
        var interval = Interval(query);
        var limit = query.Int("limit", 100, 1, 1000);
        var start = query.Time("start_time");
        var end = query.Time("end_time");
        if (start > end)
        {
            throw new SimulatedError(ErrorCode.InvalidTimeRange, "Invalid time range: start_time is after end_time");
        }

        var bars = MarketModel.Bars(instrument, interval, limit, start, end, now);
        return SimResponse.Ok(w => WireFormat.WriteSeries(w, instrument, interval, bars));
    }

    private SimResponse LatestKlines(SimQuery query, long now)
    {
        var instruments = _catalog.ResolveMany(query.Symbols(), query.Type());
        var interval = Interval(query);
        return SimResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var instrument in instruments)
            {
                WireFormat.WriteSeries(w, instrument, interval, [MarketModel.Bar(instrument, interval, interval.Floor(now), now)]);
            }

            w.WriteEndArray();
        });
    }

    private static BarInterval Interval(SimQuery query) =>
        BarInterval.Parse(query.Required("interval"))
        ?? throw SimulatedError.InvalidParameter($"Invalid parameter: interval must be one of {string.Join(", ", BarInterval.All.Select(i => i.Text))}");

    private static SimResponse Intervals() => SimResponse.Ok(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("count", BarInterval.All.Count);
        w.WriteString("description", "Supported K-line time intervals for historical data queries");
        w.WriteStartArray("intervals");
        foreach (var interval in BarInterval.All)
        {
            w.WriteStringValue(interval.Text);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private SimResponse Depth(SimQuery query, long now)
    {
        var instrument = RequireDepthAndTrades(query, "depth");
        var limit = query.Int("limit", 10, 1, 50);
        var (bids, asks) = MarketModel.Depth(instrument, now, limit);
        return SimResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("symbol", instrument.Symbol);
            w.WriteString("type", instrument.Type.Value);
            w.WriteNumber("timestamp", now);
            WireFormat.WriteLevels(w, "bids", bids);
            WireFormat.WriteLevels(w, "asks", asks);
            w.WriteEndObject();
        });
    }

    private SimResponse Trades(SimQuery query, long now)
    {
        var instrument = RequireDepthAndTrades(query, "trades");
        var limit = query.Int("limit", 100, 1, 1000);
        var trades = MarketModel.Trades(instrument, long.MinValue, now, limit);
        return SimResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("symbol", instrument.Symbol);
            w.WriteString("type", instrument.Type.Value);
            WireFormat.WriteTradesArray(w, instrument, trades);
            w.WriteEndObject();
        });
    }

    private SimInstrument RequireDepthAndTrades(SimQuery query, string what)
    {
        var instrument = _catalog.Resolve(query.Required("symbol"), query.Type());
        return instrument.Spec.HasDepthAndTrades
            ? instrument
            : throw SimulatedError.InvalidParameter($"Invalid parameter: {what} is not available for {instrument.Type.Value} ({instrument.Symbol})");
    }

    private SimResponse Symbols(SimQuery query)
    {
        var type = query.Type();
        var market = query.Get("market") is { } m
            ? (m is "US" or "HK" or "CN" or "GLOBAL" ? Market.Parse(m) : throw SimulatedError.InvalidParameter("Invalid parameter: market must be one of GLOBAL, US, HK, CN"))
            : (Market?)null;
        var limit = query.Int("limit", 100, 1, 1000);
        var offset = query.Int("offset", 0, 0, int.MaxValue);
        var matching = _catalog.All.Where(i => (type is null || i.Type == type) && (market is null || i.Spec.Market == market)).ToList();
        var page = matching.Skip(offset).Take(limit).ToList();
        return SimResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("products");
            foreach (var instrument in page)
            {
                var spec = instrument.Spec;
                w.WriteStartObject();
                w.WriteString("symbol", spec.Symbol);
                w.WriteString("name", spec.Name);
                w.WriteString("market", spec.Market.Value);
                w.WriteString("type", spec.Type.Value);
                w.WriteString("currency", spec.Currency);
                w.WriteBoolean("is_active", true);
                w.WriteString("updated_at", UpdatedAt);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("total_products", _catalog.All.Count);
            WriteCounts(w, "by_market", _catalog.All.GroupBy(i => i.Spec.Market.Value));
            WriteCounts(w, "by_type", _catalog.All.GroupBy(i => i.Type.Value));
            w.WriteString("last_updated", UpdatedAt);
            w.WriteEndObject();
            w.WriteStartObject("pagination");
            w.WriteNumber("limit", limit);
            w.WriteNumber("offset", offset);
            w.WriteNumber("total", matching.Count);
            w.WriteNumber("count", page.Count);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IEnumerable<IGrouping<string, SimInstrument>> groups)
    {
        w.WriteStartObject(name);
        foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(group.Key, group.Count());
        }

        w.WriteEndObject();
    }

    private SimResponse Intraday(SimQuery query, long now)
    {
        var instruments = _catalog.ResolveMany(query.Symbols(), query.Type());
        return SimResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var instrument in instruments)
            {
                w.WriteStartObject();
                w.WriteString("symbol", instrument.Symbol);
                w.WriteStartArray("lines");
                foreach (var point in MarketModel.Intraday(instrument, now))
                {
                    w.WriteStartObject();
                    w.WriteNumber("timestamp", point.Time);
                    w.WriteDecimal("price", point.Price);
                    w.WriteNumber("volume", point.Volume);
                    w.WriteDecimal("turnover", point.Turnover);
                    w.WriteDecimal("avg_price", point.AveragePrice);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static SimResponse TradingSessions(SimQuery query)
    {
        var market = StockMarket(query);
        (int Begin, int End, int? Session)[] sessions = market switch
        {
            "US" => [(400, 930, 1), (930, 1600, null), (1600, 2000, 2)],
            "HK" => [(930, 1200, null), (1300, 1600, null)],
            _ => [(930, 1130, null), (1300, 1500, null)],
        };
        return SimResponse.Ok(w =>
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("market", market);
            w.WriteStartArray("trading_sessions");
            foreach (var (begin, end, session) in sessions)
            {
                w.WriteStartObject();
                w.WriteNumber("begin_time", begin);
                w.WriteNumber("end_time", end);
                if (session is { } s)
                {
                    w.WriteNumber("trade_session", s);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    private static SimResponse TradeDays(SimQuery query)
    {
        var market = StockMarket(query);
        var from = Day(query, "beg_day");
        var to = Day(query, "end_day");
        if (from > to)
        {
            throw new SimulatedError(ErrorCode.InvalidTimeRange, "Invalid time range: beg_day is after end_day");
        }

        if (to.DayNumber - from.DayNumber > 3660)
        {
            throw new SimulatedError(ErrorCode.InvalidTimeRange, "Invalid time range: at most ten years per request");
        }

        var days = new List<string>();
        var halfDays = new List<string>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || TradingCalendar.IsHoliday(market, day))
            {
                continue;
            }

            (TradingCalendar.IsHalfDay(market, day) ? halfDays : days).Add(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }

        return SimResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("market", market);
            w.WriteStartArray("trade_days");
            days.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("half_trade_days");
            halfDays.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static string StockMarket(SimQuery query)
    {
        var market = query.Required("market");
        return market is "US" or "HK" or "CN" ? market : throw SimulatedError.InvalidParameter("Invalid parameter: market must be one of US, HK, CN");
    }

    private static DateOnly Day(SimQuery query, string name)
    {
        var text = query.Required(name);
        return DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= FirstTradeDay && day <= LastTradeDay
            ? day
            : throw new SimulatedError(ErrorCode.InvalidTimeRange, $"Invalid time range: {name} must be a date YYYYMMDD");
    }

    private SimResponse StockInfo(SimQuery query)
    {
        var stocks = Stocks(query);
        return SimResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var instrument in stocks)
            {
                var spec = instrument.Spec;
                w.WriteStartObject();
                w.WriteString("symbol", spec.Symbol);
                w.WriteString("name_cn", spec.NameCn ?? spec.Name);
                w.WriteString("name_en", spec.Name);
                w.WriteString("name_hk", spec.NameHk ?? spec.NameCn ?? spec.Name);
                w.WriteString("exchange", spec.Exchange ?? string.Empty);
                w.WriteString("currency", spec.Currency);
                w.WriteNumber("lot_size", spec.LotSize);
                if (spec.TotalShares is { } shares)
                {
                    w.WriteNumber("total_shares", shares);
                    w.WriteNumber("circulating_shares", shares - (shares / 1000));
                    if (spec.Market == Market.HK)
                    {
                        w.WriteNumber("hk_shares", shares);
                    }
                }

                WriteOptional(w, "eps", spec.EpsTtm is { } e ? Math.Round(e * 0.95m, 4) : null);
                WriteOptional(w, "eps_ttm", spec.EpsTtm);
                WriteOptional(w, "bps", spec.Bps);
                WriteOptional(w, "dividend_yield", spec.DividendYield);
                w.WriteStartArray("stock_derivatives");
                w.WriteNumberValue(spec.Market == Market.HK ? 2 : 1);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private List<SimInstrument> Stocks(SimQuery query)
    {
        var stocks = _catalog.ResolveMany(query.Symbols(), query.Type()).Where(i => i.IsStock).ToList();
        return stocks.Count > 0 ? stocks : throw new SimulatedError(ErrorCode.SymbolNotFound, "Symbol not found: no stock among the symbols");
    }

    private SimResponse Metrics(SimQuery query, long now)
    {
        var stocks = Stocks(query);
        return SimResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var instrument in stocks)
            {
                WireFormat.WriteMetrics(w, instrument, now);
            }

            w.WriteEndArray();
        });
    }

    private SimResponse CapitalFlow(SimQuery query, long now)
    {
        var instrument = _catalog.Resolve(query.Required("symbol"), query.Type());
        if (!instrument.IsStock)
        {
            throw SimulatedError.InvalidParameter($"Invalid parameter: capital flow is only available for stocks ({instrument.Symbol})");
        }

        var flow = MarketModel.CapitalFlow(instrument, now);
        var (capitalIn, capitalOut) = MarketModel.CapitalDistribution(instrument, now, flow[^1].Inflow);
        return SimResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("symbol", instrument.Symbol);
            w.WriteNumber("timestamp", now / 1000);
            w.WriteStartArray("intraday_flow");
            foreach (var (time, inflow) in flow)
            {
                w.WriteStartObject();
                w.WriteNumber("timestamp", time / 1000);
                w.WriteDecimal("inflow", inflow);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("distribution");
            w.WriteNumber("timestamp", flow[^1].Time / 1000);
            WireFormat.WriteBreakdown(w, "capital_in", capitalIn);
            WireFormat.WriteBreakdown(w, "capital_out", capitalOut);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private SimResponse Connections()
    {
        var connections = _stream.Snapshot();
        return SimResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var connection in connections)
            {
                w.WriteStartObject();
                w.WriteString("id", connection.Id);
                w.WriteNumber("connected_at", connection.ConnectedAt);
                w.WriteString("client_ip", connection.ClientIp);
                w.WriteNumber("subscriptions", connection.SubscriptionCount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private async Task<SimResponse> CloseConnectionAsync(string id)
    {
        if (!await _stream.CloseAsync(id, System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "Connection closed through the API").ConfigureAwait(false))
        {
            throw new SimulatedError(ErrorCode.ResourceNotFound, $"Connection not found: {id}");
        }

        return SimResponse.Ok(w => w.WriteNullValue());
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteDecimal(name, v);
        }
    }
}
