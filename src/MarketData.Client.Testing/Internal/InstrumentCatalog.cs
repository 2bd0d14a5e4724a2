using MarketData.Client.Models;

namespace MarketData.Client.Testing.Internal;

/// <summary>The simulator's instruments and symbol resolution (case-insensitive, <c>type</c> to disambiguate).</summary>
internal sealed class InstrumentCatalog
{
    private readonly Dictionary<string, List<SimInstrument>> _bySymbol = new(StringComparer.Ordinal);

    public InstrumentCatalog(IEnumerable<SimulatedInstrument> instruments, int seed)
    {
        var all = new List<SimInstrument>();
        foreach (var spec in instruments)
        {
            var instrument = new SimInstrument(spec, all.Count, seed);
            all.Add(instrument);
            var key = SimInstrument.Normalize(spec.Symbol);
            if (!_bySymbol.TryGetValue(key, out var list))
            {
                _bySymbol[key] = list = [];
            }

            list.Add(instrument);
        }

        All = all;
    }

    public IReadOnlyList<SimInstrument> All { get; }

    /// <summary>Finds one instrument or throws the error the service would send (2002, 2006, AMBIGUOUS_SYMBOL).</summary>
    public SimInstrument Resolve(string symbol, SymbolType? type) =>
        TryResolve(symbol, type) ?? throw new SimulatedError(ErrorCode.SymbolNotFound, $"Symbol not found: {symbol}");

    /// <summary>Finds one instrument; null when the symbol is unknown; throws on ambiguity or a type conflict.</summary>
    public SimInstrument? TryResolve(string symbol, SymbolType? type)
    {
        if (!_bySymbol.TryGetValue(SimInstrument.Normalize(symbol), out var candidates))
        {
            return null;
        }

        if (type is { } t)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Type == t)
                {
                    return candidate;
                }
            }

            throw new SimulatedError(ErrorCode.SymbolTypeConflict, $"Symbol {symbol} is not of type {t.Value}");
        }

        if (candidates.Count > 1)
        {
            var types = candidates.Select(c => c.Type.Value).ToArray();
            throw new SimulatedError(ErrorCode.AmbiguousSymbol, $"Symbol {symbol} matches several product types; pass type", w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("available_types");
                foreach (var name in types)
                {
                    w.WriteStringValue(name);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        return candidates[0];
    }

    /// <summary>Resolves a list: unknown symbols are left out; none known is 2002.</summary>
    public List<SimInstrument> ResolveMany(IReadOnlyList<string> symbols, SymbolType? type)
    {
        var found = new List<SimInstrument>();
        foreach (var symbol in symbols)
        {
            if (TryResolve(symbol, type) is { } instrument && !found.Contains(instrument))
            {
                found.Add(instrument);
            }
        }

        return found.Count > 0
            ? found
            : throw new SimulatedError(ErrorCode.SymbolNotFound, $"Symbol not found: {string.Join(",", symbols)}");
    }
}
