using MarketData.Client.Models;

namespace MarketData.Client.Testing.Internal;

/// <summary>An instrument with its price path and the seeded constants derived from it.</summary>
internal sealed class SimInstrument
{
    public SimInstrument(SimulatedInstrument spec, int index, int seed)
    {
        Spec = spec;
        Index = index;
        Key = Hash.Of(Hash.Of((ulong)(uint)seed, 0x5EED), (long)Hash.Of(spec.Symbol + "|" + spec.Type.Value));
        Path = new PricePath(Key, spec.BasePrice, spec.TickSize, spec.Volatility);
        TradeSpacingMs = 400 + Hash.Below(Hash.Of(Key, 7), 1600);
        PushSymbol = BareCode(spec);
    }

    public SimulatedInstrument Spec { get; }

    public int Index { get; }

    public ulong Key { get; }

    public PricePath Path { get; }

    public string Symbol => Spec.Symbol;

    public SymbolType Type => Spec.Type;

    public bool IsStock => Spec.Type == SymbolType.Stock;

    public bool IsFutures => Spec.Type == SymbolType.Futures;

    public bool HasVolume => Spec.VolumePerMinute > 0;

    /// <summary>Whether the ticker carries a bid and an ask (forex, metals, crypto).</summary>
    public bool QuotesBidAsk => Spec.Type == SymbolType.Forex || Spec.Type == SymbolType.Crypto;

    /// <summary>The average time between two trade prints.</summary>
    public long TradeSpacingMs { get; }

    /// <summary>The spelling the real service pushes for HK stocks and A-shares (<c>700</c>, <c>600519</c>).</summary>
    public string PushSymbol { get; }

    /// <summary>The lookup key of a symbol: upper case, and an HK code without leading zeros (<c>00700.HK</c> is <c>700.HK</c>).</summary>
    public static string Normalize(string symbol)
    {
        var s = symbol.Trim().ToUpperInvariant();
        if (s.EndsWith(".HK", StringComparison.Ordinal))
        {
            var code = s[..^3].TrimStart('0');
            s = (code.Length == 0 ? "0" : code) + ".HK";
        }

        return s;
    }

    private static string BareCode(SimulatedInstrument spec)
    {
        if (spec.Type != SymbolType.Stock)
        {
            return spec.Symbol;
        }

        var dot = spec.Symbol.LastIndexOf('.');
        var suffix = dot < 0 ? string.Empty : spec.Symbol[(dot + 1)..];
        return suffix is "HK" or "SH" or "SZ" ? spec.Symbol[..dot] : spec.Symbol;
    }
}
