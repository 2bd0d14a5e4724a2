using System.Globalization;
using System.Text;

namespace MarketData.Client.Benchmarks.Fixtures;

/// <summary>The channel a push belongs to.</summary>
public enum PushKind
{
    Ticker,
    Depth,
    Trade,
}

/// <summary>
/// One push shape from STREAMING.md. <see cref="Render"/> writes the push for a given symbol (as the server spells it),
/// so the micro-benchmarks and the throughput server use the very same bytes.
/// </summary>
public sealed class PushFixture
{
    private byte[]? _utf8;

    internal PushFixture(string name, PushKind kind, IReadOnlyList<string> symbols, Func<string, string> render)
    {
        Name = name;
        Kind = kind;
        Symbols = symbols;
        RenderText = render;
    }

    /// <summary>Short name used on command lines and in result tables (e.g. <c>ticker-us</c>, <c>depth-10</c>).</summary>
    public string Name { get; }

    public PushKind Kind { get; }

    /// <summary>The wire channel name (<c>ticker</c>, <c>depth</c>, <c>trade</c>).</summary>
    public string Channel => Kind switch
    {
        PushKind.Ticker => "ticker",
        PushKind.Depth => "depth",
        _ => "trade",
    };

    /// <summary>Symbols of this market shape, as a client subscribes to them.</summary>
    public IReadOnlyList<string> Symbols { get; }

    private Func<string, string> RenderText { get; }

    /// <summary>The push for the first symbol.</summary>
    public byte[] Utf8 => _utf8 ??= Render(Symbols[0]);

    /// <summary>The push for <paramref name="subscribedSymbol"/>, spelled as the server would push it.</summary>
    public byte[] Render(string subscribedSymbol) => Encoding.UTF8.GetBytes(RenderText(StreamPayloads.PushedSpelling(subscribedSymbol)));

    public override string ToString() => Name;
}

/// <summary>
/// Every push shape the decode benchmarks and the throughput runner use: ticker for each market shape, depth with 10
/// and 50 levels per side, trade batches of 1 and 20, and the China futures single trade. Values are realistic
/// (decimal strings, Unix-millisecond timestamps) and deterministic.
/// </summary>
public static class StreamPayloads
{
    private const long Timestamp = 1773292807123;

    private static readonly string[] UsStocks = ["AAPL.US", "MSFT.US", "NVDA.US", "AMZN.US", "GOOGL.US", "META.US", "TSLA.US", "AVGO.US"];
    private static readonly string[] HkStocks = ["700.HK", "9988.HK", "3690.HK", "1810.HK", "2318.HK", "1299.HK", "5.HK", "941.HK"];
    private static readonly string[] ForexPairs = ["EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCAD", "USDCHF", "NZDUSD", "XAUUSD"];
    private static readonly string[] CryptoPairs = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "DOGEUSDT", "ADAUSDT", "TRXUSDT"];
    private static readonly string[] Futures = ["BU2609", "AP7777", "IC2606", "RB2610", "AU2612", "CU2607", "M2609", "SC2608"];

    public static PushFixture TickerUs { get; } = new("ticker-us", PushKind.Ticker, UsStocks, symbol =>
        $$$"""{"cmd":"ticker","data":{"symbol":"{{{symbol}}}","type":"stock","last_price":"260.81","volume_24h":"26218927","high_24h":"262.13","low_24h":"259.55","price_change_24h":"-0.02","price_change_percent_24h":"-0.01","trade_session":"post_market","timestamp":{{{Timestamp}}}}}""");

    public static PushFixture TickerHk { get; } = new("ticker-hk", PushKind.Ticker, HkStocks, symbol =>
        $$$"""{"cmd":"ticker","data":{"symbol":"{{{symbol}}}","last_price":"543","volume_24h":"11205874","high_24h":"557","low_24h":"543","price_change_24h":"-9","price_change_percent_24h":"-1.63","timestamp":{{{Timestamp}}}}}""");

    public static PushFixture TickerForex { get; } = new("ticker-forex", PushKind.Ticker, ForexPairs, symbol =>
        $$$"""{"cmd":"ticker","data":{"symbol":"{{{symbol}}}","type":"forex","last_price":"1.08523","bid_price":"1.08521","ask_price":"1.08525","spread":"0.4","exchange":12,"timestamp":{{{Timestamp}}}}}""");

    public static PushFixture TickerCrypto { get; } = new("ticker-crypto", PushKind.Ticker, CryptoPairs, symbol =>
        $$$"""{"cmd":"ticker","data":{"symbol":"{{{symbol}}}","type":"crypto","last_price":"97123.45","bid_price":"97123.44","ask_price":"97123.46","volume_24h":"18234.56789","high_24h":"98210.00","low_24h":"95880.12","price_change_24h":"1243.33","price_change_percent_24h":"1.30","timestamp":{{{Timestamp}}}}}""");

    public static PushFixture Depth10 { get; } = new("depth-10", PushKind.Depth, HkStocks, symbol => Depth(symbol, 10, 626m, 0.5m, 19700m, "0"));

    public static PushFixture Depth50 { get; } = new("depth-50", PushKind.Depth, CryptoPairs, symbol => Depth(symbol, 50, 97123.44m, 0.01m, 0.51234m, "0.00000"));

    public static PushFixture Trade1 { get; } = new("trade-1", PushKind.Trade, HkStocks, symbol => TradeBatch(symbol, 1));

    public static PushFixture Trade20 { get; } = new("trade-20", PushKind.Trade, HkStocks, symbol => TradeBatch(symbol, 20));

    public static PushFixture TradeFutures { get; } = new("trade-futures", PushKind.Trade, Futures, symbol =>
        $$$"""{"cmd":"trade","data":{"symbol":"{{{symbol}}}","type":"futures","price":"4315.00","quantity":"2","side":"sell","timestamp":{{{Timestamp}}},"open_interest_change":0,"position_effect":"short_transfer"}}""");

    public static IReadOnlyList<PushFixture> All { get; } = [TickerUs, TickerHk, TickerForex, TickerCrypto, Depth10, Depth50, Trade1, Trade20, TradeFutures];

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    public static PushFixture Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown push '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The server pushes HK stocks without the market suffix (<c>700</c> for <c>700.HK</c>), as STREAMING.md says.</summary>
    public static string PushedSpelling(string subscribedSymbol) =>
        subscribedSymbol.EndsWith(".HK", StringComparison.OrdinalIgnoreCase) ? subscribedSymbol[..^3] : subscribedSymbol;

    private static string Depth(string symbol, int levels, decimal best, decimal tick, decimal quantity, string quantityFormat)
    {
        var sb = new StringBuilder(64 + (levels * 44));
        sb.Append("{\"cmd\":\"depth\",\"data\":{\"symbol\":\"").Append(symbol).Append("\",\"bids\":[");
        AppendLevels(sb, levels, best, -tick, quantity, quantityFormat);
        sb.Append("""],"asks":[""");
        AppendLevels(sb, levels, best + tick, tick, quantity * 1.7m, quantityFormat);
        sb.Append("""],"timestamp":""").Append(Timestamp.ToString(CultureInfo.InvariantCulture)).Append("}}");
        return sb.ToString();
    }

    private static void AppendLevels(StringBuilder sb, int levels, decimal start, decimal step, decimal quantity, string quantityFormat)
    {
        for (var i = 0; i < levels; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var price = start + (step * i);
            var qty = quantity + (quantity * 0.37m * (i % 7));
            sb.Append("[\"").Append(price.ToString(CultureInfo.InvariantCulture)).Append("\",\"")
              .Append(qty.ToString(quantityFormat, CultureInfo.InvariantCulture)).Append("\"]");
        }
    }

    private static string TradeBatch(string symbol, int count)
    {
        var sb = new StringBuilder(64 + (count * 100));
        sb.Append("{\"cmd\":\"trade\",\"data\":{\"symbol\":\"").Append(symbol).Append("\",\"trades\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var ts = (Timestamp + i).ToString(CultureInfo.InvariantCulture);
            var price = (626.5m + (0.5m * (i % 3))).ToString(CultureInfo.InvariantCulture);
            var quantity = (100 * (1 + (i % 9))).ToString(CultureInfo.InvariantCulture);
            var side = (i % 3) switch { 0 => "buy", 1 => "sell", _ => "neutral" };
            sb.Append($$$"""{"id":"{{{ts}}}_{{{i}}}","price":"{{{price}}}","quantity":"{{{quantity}}}","side":"{{{side}}}","timestamp":{{{ts}}}}""");
        }

        sb.Append("]}}");
        return sb.ToString();
    }
}
