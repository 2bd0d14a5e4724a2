using System.Globalization;
using MarketData.Client.Models;

namespace MarketData.Client.Testing.Internal;

/// <summary>A parsed query string with the validation the service applies (2001 for bad values, 2004 for limits too large).</summary>
internal sealed class SimQuery
{
    private static readonly string[] KnownTypes = ["stock", "indices", "crypto", "forex", "futures"];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public SimQuery(string? raw)
    {
        var text = raw ?? string.Empty;
        if (text.StartsWith('?'))
        {
            text = text[1..];
        }

        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Unescape(pair[(eq + 1)..]);
            _values.TryAdd(name, value);
        }
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? Get(string name) => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public string Required(string name) => Get(name) ?? throw SimulatedError.InvalidParameter($"Invalid parameter: {name} is required");

    public IReadOnlyList<string> Symbols(string name = "symbols", int max = 50)
    {
        var list = Required(name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
        {
            throw SimulatedError.InvalidParameter($"Invalid parameter: {name} is required");
        }

        return list.Length <= max ? list : throw SimulatedError.InvalidParameter($"Invalid parameter: at most {max} symbols per request");
    }

    public int Int(string name, int defaultValue, int min, int max)
    {
        if (Get(name) is not { } text)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw SimulatedError.InvalidParameter($"Invalid parameter: {name} must be an integer of at least {min}");
        }

        return value <= max ? value : throw new SimulatedError(ErrorCode.RequestLimitExceeded, $"Request limit exceeded: {name} must be at most {max}");
    }

    public long? Time(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new SimulatedError(ErrorCode.InvalidTimeRange, $"Invalid time range: {name} must be Unix milliseconds");
    }

    public SymbolType? Type()
    {
        if (Get("type") is not { } text)
        {
            return null;
        }

        return KnownTypes.Contains(text, StringComparer.Ordinal)
            ? SymbolType.Parse(text)
            : throw SimulatedError.InvalidParameter($"Invalid parameter: type must be one of {string.Join(", ", KnownTypes)}");
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
