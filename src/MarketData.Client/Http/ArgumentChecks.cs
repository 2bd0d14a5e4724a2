namespace MarketData.Client.Http;

/// <summary>Argument validation shared by every method: it throws before any request is sent.</summary>
internal static class ArgumentChecks
{
    public const int MaxSymbols = 50;

    public static string[] Symbols(IEnumerable<string> symbols, string paramName)
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

        if (list.Count > MaxSymbols)
        {
            throw new ArgumentException($"At most {MaxSymbols} symbols per request; got {list.Count}.", paramName);
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
}
