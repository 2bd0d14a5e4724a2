using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MarketData.Client.Benchmarks.Fixtures;

/// <summary>Deterministic REST reply bodies (the whole envelope, UTF-8) in the shapes of openapi.yaml.</summary>
public static class RestBodies
{
    private const long Start = 1773291600000;
    private static readonly string[] Markets = ["US", "HK", "CN", "GLOBAL"];
    private static readonly string[] Types = ["stock", "indices", "forex", "crypto", "futures"];
    private static readonly string[] Currencies = ["USD", "HKD", "CNY", "USDT"];

    public static readonly string[] DefaultTickerSymbols = ["700.HK", "AAPL.US", "EURUSD", "BTCUSDT"];

    /// <summary>K-lines: one series of <paramref name="bars"/> hourly bars.</summary>
    public static byte[] Klines(int bars) => Envelope(w =>
    {
        w.WriteStartObject();
        w.WriteString("symbol", "700.HK");
        w.WriteString("type", "stock");
        w.WriteString("interval", "1h");
        w.WriteStartArray("klines");
        var price = 545.5m;
        for (var i = 0; i < bars; i++)
        {
            var open = price;
            var close = open + ((i % 7) - 3) * 0.5m;
            w.WriteStartObject();
            w.WriteNumber("time", Start + (i * 3_600_000L));
            w.WriteString("open", Text(open));
            w.WriteString("high", Text(Math.Max(open, close) + 1m));
            w.WriteString("low", Text(Math.Min(open, close) - 1.5m));
            w.WriteString("close", Text(close));
            w.WriteString("volume", Text(1549300 + (i * 137)));
            w.WriteString("quote_volume", Text(842560983.33m + (i * 1000.07m)));
            w.WriteEndObject();
            price = close <= 100m ? 545.5m : close;
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>One page of <paramref name="count"/> symbols with summary and pagination.</summary>
    public static byte[] Symbols(int count) => Envelope(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("products");
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            w.WriteString("symbol", $"{i:000000}.SZ");
            w.WriteString("name", $"Company number {i}");
            w.WriteString("market", Markets[i % Markets.Length]);
            w.WriteString("type", Types[i % Types.Length]);
            w.WriteString("currency", Currencies[i % Currencies.Length]);
            w.WriteBoolean("is_active", i % 11 != 0);
            w.WriteString("updated_at", "2026-03-15T20:27:58Z");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("total_products", 32492);
        w.WriteStartObject("by_market");
        w.WriteNumber("CN", 6643);
        w.WriteNumber("GLOBAL", 14833);
        w.WriteNumber("HK", 2909);
        w.WriteNumber("US", 8107);
        w.WriteEndObject();
        w.WriteStartObject("by_type");
        w.WriteNumber("crypto", 877);
        w.WriteNumber("stock", 17658);
        w.WriteNumber("forex", 1207);
        w.WriteNumber("indices", 12750);
        w.WriteEndObject();
        w.WriteString("last_updated", "2026-03-27T11:09:44+08:00");
        w.WriteEndObject();
        w.WriteStartObject("pagination");
        w.WriteNumber("limit", count);
        w.WriteNumber("offset", 0);
        w.WriteNumber("total", 32492);
        w.WriteNumber("count", count);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>An order book with <paramref name="levels"/> levels per side.</summary>
    public static byte[] Depth(int levels) => Envelope(w =>
    {
        w.WriteStartObject();
        w.WriteString("symbol", "700.HK");
        w.WriteNumber("timestamp", 1768274016162);
        WriteSide(w, "bids", levels, 626m, -0.5m);
        WriteSide(w, "asks", levels, 626.5m, 0.5m);
        w.WriteEndObject();
    });

    /// <summary>Tickers for the given symbols (the REST throughput reply).</summary>
    public static byte[] Tickers(IReadOnlyList<string> symbols) => Envelope(w =>
    {
        w.WriteStartArray();
        for (var i = 0; i < symbols.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("symbol", symbols[i]);
            w.WriteString("last_price", Text(260.81m + i));
            w.WriteString("volume_24h", "26218927");
            w.WriteString("high_24h", Text(262.13m + i));
            w.WriteString("low_24h", Text(259.55m + i));
            w.WriteString("price_change_24h", "-0.02");
            w.WriteString("price_change_percent_24h", "-0.01");
            w.WriteNumber("timestamp", 1773259201000 + i);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>Error bodies in the three spellings of ERRORS.md.</summary>
    public static class Errors
    {
        public static readonly byte[] NumericCode = """{"code": 2001, "message": "Invalid parameter: symbol is required"}"""u8.ToArray();

        public static readonly byte[] StringCode = """{"code": "2001", "message": "symbol parameter is required", "error": "2001"}"""u8.ToArray();

        public static readonly byte[] SymbolicCode = """{"code": "AMBIGUOUS_SYMBOL", "message": "Symbol matches several product types", "data": {"available_types": ["stock", "indices"]}}"""u8.ToArray();
    }

    private static void WriteSide(Utf8JsonWriter w, string name, int levels, decimal best, decimal step)
    {
        w.WriteStartArray(name);
        for (var i = 0; i < levels; i++)
        {
            w.WriteStartArray();
            w.WriteStringValue(Text(best + (step * i)));
            w.WriteStringValue(Text(19700 + (1300 * (i % 9))));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static byte[] Envelope(Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("code", 0);
            w.WriteString("message", "success");
            w.WritePropertyName("data");
            writeData(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
