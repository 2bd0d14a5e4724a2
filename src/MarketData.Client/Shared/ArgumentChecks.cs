using MarketData.Client.Models;

namespace MarketData.Client.Shared;

/// <summary>Argument validation shared by every method: it throws before any request is sent.</summary>
internal static class ArgumentChecks
{
    public const int MaxSymbols = 50;

    /// <summary>The symbols of a list endpoint; <paramref name="max"/> is the contract's cap (null where it has none).</summary>
    public static string[] Symbols(IEnumerable<string> symbols, string paramName, int? max = MaxSymbols)
    {
        ArgumentNullException.ThrowIfNull(symbols, paramName);
        var list = new List<string>();
        foreach (var s in symbols)
        {
            list.Add(Symbol(s, paramName));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("At least one symbol is required.", paramName);
        }

        if (list.Count > max)
        {
            throw new ArgumentException($"At most {max} symbols per request; got {list.Count}.", paramName);
        }

        return [.. list];
    }

    public static string Symbol(string? symbol, string paramName)
    {
        if (symbol is null)
        {
            throw new ArgumentNullException(paramName, "A symbol is null.");
        }

        if (string.IsNullOrWhiteSpace(symbol))
        {
            throw new ArgumentException("A symbol is blank.", paramName);
        }

        if (symbol.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException("A symbol contains a comma; pass symbols as separate items.", paramName);
        }

        return symbol.Trim();
    }

    public static void Limit(int? value, int max, string paramName)
    {
        if (value is { } v && (v < 1 || v > max))
        {
            throw new ArgumentOutOfRangeException(paramName, v, $"Must be between 1 and {max}.");
        }
    }

    public static void Range(DateTimeOffset? start, DateTimeOffset? end, string startName)
    {
        if (start is { } s && end is { } e && s > e)
        {
            throw new ArgumentException("The start is after the end.", startName);
        }

        if (start is { } s2 && s2.ToUnixTimeMilliseconds() < 0)
        {
            throw new ArgumentOutOfRangeException(startName, s2, "Must not be before 1970.");
        }
    }

    public static T Defined<T>(T? value, string paramName)
        where T : struct
    {
        if (value is null || value.Value.ToString()!.Length == 0)
        {
            throw new ArgumentException("A value is required.", paramName);
        }

        return value.Value;
    }

    public static string PathSegment(string? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }

        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed is "." or "..")
        {
            throw new ArgumentException("The id is blank or a dot segment.", paramName);
        }

        return Uri.EscapeDataString(trimmed);
    }

    /// <summary>
    /// The <c>type</c> of intraday, stock-info, calc-index and capital-flow: the contract lists stock, indices, crypto
    /// and forex there, not futures.
    /// </summary>
    public static SymbolType? NotFutures(SymbolType? type, string paramName) =>
        type == SymbolType.Futures
            ? throw new ArgumentException("This endpoint does not accept futures (the contract lists stock, indices, crypto and forex).", paramName)
            : type;

    /// <summary>The <c>market</c> of trading-sessions and trade-days: the contract lists US, HK and CN, not GLOBAL.</summary>
    public static Market ExchangeMarket(Market market, string paramName)
    {
        var m = Defined<Market>(market, paramName);
        return m == Market.Global
            ? throw new ArgumentException("This endpoint does not accept the GLOBAL market (the contract lists US, HK and CN).", paramName)
            : m;
    }

    /// <summary>The interval of <c>/v1/market/kline</c>: the contract lists every known interval but 3m (only kline/latest has it).</summary>
    public static KlineInterval HistoryInterval(KlineInterval interval, string paramName) =>
        interval == KlineInterval.ThreeMinutes
            ? throw new ArgumentException("/v1/market/kline has no 3m interval (only the latest klines do).", paramName)
            : interval;
}
