namespace MarketData.Client.Testing.Internal;

/// <summary>A ticker snapshot computed from the price path.</summary>
internal readonly record struct TickerValues(long Time, decimal Last, decimal Bid, decimal Ask, decimal Open24, decimal High24, decimal Low24, decimal Volume24);

/// <summary>One K-line bar.</summary>
internal readonly record struct BarValues(long Time, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, decimal QuoteVolume, decimal OpenInterest);

/// <summary>One trade print.</summary>
internal readonly record struct TradeValues(string Id, long Time, decimal Price, decimal Quantity, string Side, int? OpenInterestChange, string? PositionEffect);

/// <summary>One minute of the intraday series.</summary>
internal readonly record struct IntradayValues(long Time, decimal Price, long Volume, decimal Turnover, decimal AveragePrice);

/// <summary>
/// Everything the simulator serves, computed from the instruments' price paths and the seed: the same instant
/// always gives the same values, and the values agree with each other (the last K-line closes at the ticker's price,
/// the best bid is below the last price and the best ask above it, 24-hour highs bound the last price).
/// </summary>
internal static class MarketModel
{
    public const long Second = 1_000;
    public const long Minute = 60_000;
    public const long Day = 86_400_000;
    public const int IntradayMinutes = 240;

    private static readonly string[] PositionEffects =
        ["long_open", "short_open", "both_open", "long_close", "short_close", "both_close", "long_transfer", "short_transfer"];

    public static TickerValues Ticker(SimInstrument instrument, long now)
    {
        var path = instrument.Path;
        var last = path.At(now);
        var (bid, ask) = BestQuotes(instrument, now, last);
        var open = path.At(now - Day);
        var (high, low) = path.Range(now - Day, now, 96);
        high = Math.Max(high, Math.Max(last, open));
        low = Math.Min(low, Math.Min(last, open));
        var volume = Volume(instrument, now - Day, now, Hash.FloorDiv(now, Day));
        return new TickerValues(now, last, bid, ask, open, high, low, volume);
    }

    /// <summary>The best bid and ask around the last price: one or two ticks either side.</summary>
    public static (decimal Bid, decimal Ask) BestQuotes(SimInstrument instrument, long now, decimal last)
    {
        var tick = instrument.Path.Tick;
        var h = Hash.Of(instrument.Key, 11, Hash.FloorDiv(now, Second));
        var below = 1 + Hash.Below(h, 2);
        var above = 1 + Hash.Below(Hash.Mix(h), 2);
        var bid = Math.Max(tick, last - (below * tick));
        var ask = Math.Max(bid + tick, last + (above * tick));
        return (bid, ask);
    }

    public static (List<(decimal Price, decimal Quantity)> Bids, List<(decimal Price, decimal Quantity)> Asks) Depth(SimInstrument instrument, long now, int levels)
    {
        var last = instrument.Path.At(now);
        var (bid, ask) = BestQuotes(instrument, now, last);
        var tick = instrument.Path.Tick;
        var second = Hash.FloorDiv(now, Second);
        var bids = new List<(decimal, decimal)>(levels);
        var asks = new List<(decimal, decimal)>(levels);
        for (var level = 0; level < levels; level++)
        {
            var bidPrice = bid - (level * tick);
            if (bidPrice > 0)
            {
                bids.Add((bidPrice, Quantity(instrument, Hash.Of(instrument.Key, 12, second, level), 1 + level)));
            }

            asks.Add((ask + (level * tick), Quantity(instrument, Hash.Of(instrument.Key, 13, second, level), 1 + level)));
        }

        return (bids, asks);
    }

    /// <summary>The bars of a K-line request, oldest first: at most <paramref name="limit"/>, none after <paramref name="now"/>.</summary>
    public static List<BarValues> Bars(SimInstrument instrument, BarInterval interval, int limit, long? start, long? end, long now)
    {
        var last = interval.Floor(Math.Min(end ?? now, now));
        var bars = new List<BarValues>(Math.Min(limit, 1000));
        if (start is { } from)
        {
            for (var t = interval.Ceiling(from); t <= last && bars.Count < limit; t = interval.Next(t))
            {
                bars.Add(Bar(instrument, interval, t, now));
            }

            return bars;
        }

        var first = last;
        for (var i = 1; i < limit; i++)
        {
            first = interval.Previous(first);
        }

        for (var t = first; t <= last; t = interval.Next(t))
        {
            bars.Add(Bar(instrument, interval, t, now));
        }

        return bars;
    }

    /// <summary>One bar: opens at the path's price at its start, closes at its end (or now, for the bar in progress).</summary>
    public static BarValues Bar(SimInstrument instrument, BarInterval interval, long start, long now)
    {
        var path = instrument.Path;
        var end = Math.Min(interval.Next(start), now);
        var open = path.At(start);
        var close = path.At(end);
        var (high, low) = path.Range(start, end);
        high = Math.Max(high, Math.Max(open, close));
        low = Math.Min(low, Math.Min(open, close));
        var volume = Volume(instrument, start, end, start);
        var quote = Math.Round(volume * ((high + low + close) / 3m), 2);
        var openInterest = instrument.IsFutures
            ? Math.Round(instrument.Spec.VolumePerMinute * 600m * (decimal)(1 + (0.1 * Hash.Signed(Hash.Of(instrument.Key, 21, Hash.FloorDiv(start, Day)))))) : 0m;
        return new BarValues(start, open, high, low, close, volume, quote, openInterest);
    }

    /// <summary>The trades in (<paramref name="after"/>, <paramref name="upTo"/>], oldest first, at most <paramref name="max"/> (the newest ones).</summary>
    public static List<TradeValues> Trades(SimInstrument instrument, long after, long upTo, int max)
    {
        var spacing = instrument.TradeSpacingMs;
        var result = new List<TradeValues>();
        for (var j = Hash.FloorDiv(upTo, spacing); result.Count < max; j--)
        {
            var time = TradeTime(instrument, j);
            if (time <= after)
            {
                break;
            }

            if (time <= upTo)
            {
                result.Add(Trade(instrument, j, time));
            }
        }

        result.Reverse();
        return result;
    }

    public static List<IntradayValues> Intraday(SimInstrument instrument, long now)
    {
        var currentMinute = Hash.FloorDiv(now, Minute) * Minute;
        var points = new List<IntradayValues>(IntradayMinutes);
        long volume = 0;
        var turnover = 0m;
        for (var t = currentMinute - ((IntradayMinutes - 1) * Minute); t <= currentMinute; t += Minute)
        {
            var end = Math.Min(t + Minute, now);
            var price = instrument.Path.At(end);
            volume += (long)Volume(instrument, t, end, t);
            turnover += Math.Round(Volume(instrument, t, end, t) * price, 2);
            var average = volume == 0 ? price : Math.Round(turnover / volume, 4);
            points.Add(new IntradayValues(t, price, volume, turnover, average));
        }

        return points;
    }

    /// <summary>The cumulative net capital inflow per minute over the intraday window.</summary>
    public static List<(long Time, decimal Inflow)> CapitalFlow(SimInstrument instrument, long now)
    {
        var currentMinute = Hash.FloorDiv(now, Minute) * Minute;
        var unit = UnitFlow(instrument, now);
        var flow = new List<(long, decimal)>(IntradayMinutes);
        var cumulative = 0m;
        for (var t = currentMinute - ((IntradayMinutes - 1) * Minute); t <= currentMinute; t += Minute)
        {
            cumulative += Math.Round(unit * (decimal)Hash.Signed(Hash.Of(instrument.Key, 31, t)), 2);
            flow.Add((t, cumulative));
        }

        return flow;
    }

    /// <summary>Capital in and out by order size; in minus out equals the last cumulative inflow.</summary>
    public static (decimal[] In, decimal[] Out) CapitalDistribution(SimInstrument instrument, long now, decimal netInflow)
    {
        var unit = UnitFlow(instrument, now) * 40m;
        var day = Hash.FloorDiv(now, Day);
        decimal Part(int salt, decimal scale) => Math.Round(unit * scale * (decimal)(0.5 + Hash.Unit(Hash.Of(instrument.Key, 41, day, salt))), 2);
        var inMedium = Part(1, 1m);
        var inSmall = Part(2, 1m);
        var outMedium = Part(3, 1m);
        var outSmall = Part(4, 1m);
        var outLarge = Part(5, 3m) + Math.Max(0m, -netInflow) + unit;
        var inLarge = netInflow + outLarge + outMedium + outSmall - inMedium - inSmall;
        return ([inLarge, inMedium, inSmall], [outLarge, outMedium, outSmall]);
    }

    public static decimal Volume(SimInstrument instrument, long from, long to, long salt)
    {
        if (!instrument.HasVolume || to <= from)
        {
            return 0m;
        }

        var minutes = (to - from) / (decimal)Minute;
        var factor = (decimal)(0.5 + Hash.Unit(Hash.Of(instrument.Key, 17, salt)));
        var raw = instrument.Spec.VolumePerMinute * minutes * factor;
        return instrument.Type == Models.SymbolType.Crypto ? Math.Round(raw, 4) : RoundToLot(instrument, raw);
    }

    public static string Session(long now)
    {
        // US sessions in UTC (EST): pre-market 09:00-14:30, regular 14:30-21:00, post-market 21:00-01:00, overnight 01:00-09:00.
        var minuteOfDay = (int)(Hash.FloorDiv(now, Minute) - (Hash.FloorDiv(now, Day) * 1440));
        return minuteOfDay switch
        {
            >= 540 and < 870 => "pre_market",
            >= 870 and < 1260 => "regular",
            >= 1260 or < 60 => "post_market",
            _ => "overnight",
        };
    }

    private static decimal UnitFlow(SimInstrument instrument, long now) =>
        Math.Max(1m, Math.Round(instrument.Spec.VolumePerMinute * instrument.Path.At(Hash.FloorDiv(now, Day) * Day) * 0.02m, 2));

    private static long TradeTime(SimInstrument instrument, long j)
    {
        var spacing = instrument.TradeSpacingMs;
        return (j * spacing) + (long)(Hash.Unit(Hash.Of(instrument.Key, 23, j)) * (spacing / 2));
    }

    private static TradeValues Trade(SimInstrument instrument, long j, long time)
    {
        var price = instrument.Path.At(time);
        var previous = instrument.Path.At(TradeTime(instrument, j - 1));
        var h = Hash.Of(instrument.Key, 29, j);
        var side = price > previous ? "buy" : price < previous ? "sell" : Hash.Below(h, 10) switch { 0 => "neutral", < 5 => "buy", _ => "sell" };
        var quantity = Quantity(instrument, Hash.Mix(h), 1);
        int? oiChange = null;
        string? effect = null;
        if (instrument.IsFutures)
        {
            var h2 = Hash.Mix(Hash.Mix(h));
            oiChange = Hash.Below(h2, 12) == 0 ? null : Hash.Below(h2 >> 8, 11) - 5;
            effect = PositionEffects[Hash.Below(Hash.Mix(h2), PositionEffects.Length)];
        }

        return new TradeValues($"{time}_{j & 0xF}", time, price, quantity, side, oiChange, effect);
    }

    private static decimal Quantity(SimInstrument instrument, ulong h, int depthFactor)
    {
        var spec = instrument.Spec;
        if (spec.Type == Models.SymbolType.Crypto)
        {
            return Math.Max(0.0001m, Math.Round(spec.VolumePerMinute / 30m * (decimal)(0.05 + (Hash.Unit(h) * depthFactor)), 4));
        }

        var perTrade = spec.VolumePerMinute > 0 ? spec.VolumePerMinute / 40m : 100_000m;
        return Math.Max(spec.LotSize, RoundToLot(instrument, perTrade * (decimal)(0.1 + (Hash.Unit(h) * depthFactor))));
    }

    private static decimal RoundToLot(SimInstrument instrument, decimal raw)
    {
        var lot = Math.Max(1, instrument.Spec.LotSize);
        return Math.Floor(raw / lot) * lot;
    }
}
