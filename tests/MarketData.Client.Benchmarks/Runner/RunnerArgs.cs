using System.Globalization;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary><c>--name value</c> options after the mode words; every value has a default.</summary>
internal sealed class RunnerArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public RunnerArgs(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _values[pending] = "true";
                }

                pending = arg[2..];
                var eq = pending.IndexOf('=');
                if (eq > 0)
                {
                    _values[pending[..eq]] = pending[(eq + 1)..];
                    pending = null;
                }
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                Words.Add(arg);
            }
        }

        if (pending is not null)
        {
            _values[pending] = "true";
        }
    }

    /// <summary>Arguments that are not options (the mode and sub-mode).</summary>
    public List<string> Words { get; } = [];

    public string String(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    public long Long(string name, long fallback) =>
        _values.TryGetValue(name, out var v) ? long.Parse(v.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowExponent | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) : fallback;

    public int Int(string name, int fallback) => checked((int)Long(name, fallback));

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<string> List(string name, string fallback) =>
        String(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
