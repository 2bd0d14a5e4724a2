using System.Text.Json;

namespace MarketData.Client.Testing.Internal;

/// <summary>The JSON shapes shared by REST replies and WebSocket pushes.</summary>
internal static class WireFormat
{
    public static void WriteTickerFields(Utf8JsonWriter w, SimInstrument instrument, TickerValues t, string symbol, bool includeName)
    {
        w.WriteString("symbol", symbol);
        if (includeName)
        {
            w.WriteString("name", instrument.Spec.Name);
        }

        w.WriteString("type", instrument.Type.Value);
        w.WriteDecimal("last_price", t.Last);
        if (instrument.QuotesBidAsk)
        {
            w.WriteDecimal("bid_price", t.Bid);
            w.WriteDecimal("ask_price", t.Ask);
            if (!includeName)
            {
                w.WriteDecimal("spread", t.Ask - t.Bid);
            }
        }

        if (instrument.HasVolume)
        {
            w.WriteDecimal("volume_24h", t.Volume24);
        }

        w.WriteDecimal("high_24h", t.High24);
        w.WriteDecimal("low_24h", t.Low24);
        var change = t.Last - t.Open24;
        w.WriteDecimal("price_change_24h", change);
        w.WriteDecimal("price_change_percent_24h", t.Open24 == 0 ? 0 : Math.Round(change / t.Open24 * 100m, 2));
        w.WriteNumber("timestamp", t.Time);
    }

    public static void WriteSeries(Utf8JsonWriter w, SimInstrument instrument, BarInterval interval, IEnumerable<BarValues> bars)
    {
        w.WriteStartObject();
        w.WriteString("symbol", instrument.Symbol);
        w.WriteString("type", instrument.Type.Value);
        w.WriteString("interval", interval.Text);
        w.WriteStartArray("klines");
        foreach (var bar in bars)
        {
            w.WriteStartObject();
            w.WriteNumber("time", bar.Time);
            w.WriteDecimal("open", bar.Open);
            w.WriteDecimal("high", bar.High);
            w.WriteDecimal("low", bar.Low);
            w.WriteDecimal("close", bar.Close);
            w.WriteDecimal("volume", bar.Volume);
            if (instrument.IsFutures)
            {
                w.WriteDecimal("open_interest", bar.OpenInterest);
            }
            else if (instrument.HasVolume)
            {
                w.WriteDecimal("quote_volume", bar.QuoteVolume);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteLevels(Utf8JsonWriter w, string name, List<(decimal Price, decimal Quantity)> levels)
    {
        w.WriteStartArray(name);
        foreach (var (price, quantity) in levels)
        {
            w.WriteStartArray();
            w.WriteStringValue(Json.Number(price));
            w.WriteStringValue(Json.Number(quantity));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"trades": [...]</c>, the batch shape shared by the REST trades reply and the trade push.</summary>
    public static void WriteTradesArray(Utf8JsonWriter w, SimInstrument instrument, IEnumerable<TradeValues> trades)
    {
        w.WriteStartArray("trades");
        foreach (var trade in trades)
        {
            w.WriteStartObject();
            WriteTradeFields(w, instrument, trade);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteTradeFields(Utf8JsonWriter w, SimInstrument instrument, TradeValues trade)
    {
        w.WriteString("id", trade.Id);
        w.WriteDecimal("price", trade.Price);
        w.WriteDecimal("quantity", trade.Quantity);
        w.WriteString("side", trade.Side);
        w.WriteNumber("timestamp", trade.Time);
        if (instrument.IsFutures)
        {
            if (trade.OpenInterestChange is { } change)
            {
                w.WriteNumber("open_interest_change", change);
            }
            else
            {
                w.WriteNull("open_interest_change");
            }

            w.WriteString("position_effect", trade.PositionEffect);
        }
    }

    public static void WriteBreakdown(Utf8JsonWriter w, string name, decimal[] parts)
    {
        w.WriteStartObject(name);
        w.WriteDecimal("large", parts[0]);
        w.WriteDecimal("medium", parts[1]);
        w.WriteDecimal("small", parts[2]);
        w.WriteEndObject();
    }

    public static void WriteMetrics(Utf8JsonWriter w, SimInstrument instrument, long now)
    {
        var path = instrument.Path;
        var spec = instrument.Spec;
        var dayStart = Hash.FloorDiv(now, MarketModel.Day) * MarketModel.Day;
        var last = path.At(now);
        var previousClose = path.At(dayStart);
        var (high, low) = path.Range(dayStart, now);
        var volume = MarketModel.Volume(instrument, dayStart, now, dayStart);
        var yearStart = new DateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(now).Year, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        decimal Rate(decimal from) => from == 0 ? 0 : Math.Round((last / from) - 1m, 4);

        w.WriteStartObject();
        w.WriteString("symbol", instrument.Symbol);
        w.WriteDecimal("last_done", last);
        w.WriteDecimal("change_val", last - previousClose);
        w.WriteDecimal("change_rate", Rate(previousClose));
        w.WriteDecimal("volume", volume);
        w.WriteDecimal("turnover", Math.Round(volume * ((high + low + last) / 3m), 2));
        w.WriteDecimal("ytd_change_rate", Rate(path.At(yearStart)));
        if (spec.TotalShares is { } shares && shares > 0)
        {
            w.WriteDecimal("turnover_rate", Math.Round(volume / shares * 100m, 4));
            w.WriteDecimal("total_market_value", last * shares);
        }

        w.WriteDecimal("capital_flow", MarketModel.CapitalFlow(instrument, now)[^1].Inflow);
        w.WriteDecimal("amplitude", previousClose == 0 ? 0 : Math.Round((high - low) / previousClose, 4));
        w.WriteDecimal("volume_ratio", Math.Round((decimal)(0.3 + (1.7 * Hash.Unit(Hash.Of(instrument.Key, 51, dayStart)))), 2));
        if (spec.EpsTtm is { } eps && eps != 0)
        {
            w.WriteDecimal("pe_ttm_ratio", Math.Round(last / eps, 2));
        }

        if (spec.Bps is { } bps && bps != 0)
        {
            w.WriteDecimal("pb_ratio", Math.Round(last / bps, 2));
        }

        if (spec.DividendYield is { } dividend)
        {
            w.WriteDecimal("dividend_ratio_ttm", dividend);
        }

        w.WriteDecimal("five_day_change_rate", Rate(path.At(now - (5 * MarketModel.Day))));
        w.WriteDecimal("ten_day_change_rate", Rate(path.At(now - (10 * MarketModel.Day))));
        w.WriteDecimal("half_year_change_rate", Rate(path.At(now - (182 * MarketModel.Day))));
        w.WriteDecimal("five_minutes_change_rate", Rate(path.At(now - (5 * MarketModel.Minute))));
        w.WriteEndObject();
    }
}
