using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketData.Client.Benchmarks.Fixtures;

// What an application writes without the SDK: its own records, filled from JsonDocument or from source-generated
// string DTOs, with decimal.Parse on every price. The micro-benchmarks and the throughput clients share this code.

public sealed record AppTicker(
    string Symbol,
    decimal LastPrice,
    decimal? BidPrice,
    decimal? AskPrice,
    decimal? Volume24h,
    decimal? High24h,
    decimal? Low24h,
    decimal? PriceChange24h,
    decimal? PriceChangePercent24h,
    string? TradeSession,
    DateTimeOffset Timestamp);

public readonly record struct AppLevel(decimal Price, decimal Quantity);

public sealed record AppDepth(string Symbol, AppLevel[] Bids, AppLevel[] Asks, DateTimeOffset Timestamp);

public sealed record AppTrade(string? Id, decimal Price, decimal Quantity, string Side, DateTimeOffset Timestamp, long? OpenInterestChange, string? PositionEffect);

public sealed record AppTrades(string Symbol, AppTrade[] Trades);

/// <summary>The three ways an application decodes a push without the SDK.</summary>
public static class AppDecoders
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The floor: one <see cref="Utf8JsonReader"/> pass that reads every token and keeps nothing.</summary>
    public static int ScanTokens(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary><see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>, manual field reads and <see cref="decimal.Parse(string, IFormatProvider)"/>.</summary>
    public static object? DecodeWithJsonDocument(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        var cmd = root.GetProperty("cmd").GetString();
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        switch (cmd)
        {
            case "ticker":
                return new AppTicker(
                    data.GetProperty("symbol").GetString()!,
                    Dec(data.GetProperty("last_price")),
                    OptDec(data, "bid_price"),
                    OptDec(data, "ask_price"),
                    OptDec(data, "volume_24h"),
                    OptDec(data, "high_24h"),
                    OptDec(data, "low_24h"),
                    OptDec(data, "price_change_24h"),
                    OptDec(data, "price_change_percent_24h"),
                    data.TryGetProperty("trade_session", out var session) ? session.GetString() : null,
                    DateTimeOffset.FromUnixTimeMilliseconds(data.GetProperty("timestamp").GetInt64()));
            case "depth":
                return new AppDepth(
                    data.GetProperty("symbol").GetString()!,
                    Levels(data.GetProperty("bids")),
                    Levels(data.GetProperty("asks")),
                    DateTimeOffset.FromUnixTimeMilliseconds(data.GetProperty("timestamp").GetInt64()));
            case "trade":
                var symbol = data.GetProperty("symbol").GetString()!;
                if (data.TryGetProperty("trades", out var list))
                {
                    var trades = new AppTrade[list.GetArrayLength()];
                    var i = 0;
                    foreach (var t in list.EnumerateArray())
                    {
                        trades[i++] = Trade(t);
                    }

                    return new AppTrades(symbol, trades);
                }

                return new AppTrades(symbol, [Trade(data)]);
            default:
                return null;
        }
    }

    /// <summary>Source-generated <see cref="JsonSerializer"/> into string DTOs, then <see cref="decimal.Parse(string, IFormatProvider)"/>.</summary>
    public static object? DecodeWithDto(ReadOnlySpan<byte> utf8)
    {
        var push = JsonSerializer.Deserialize(utf8, PlainJsonContext.Default.PlainPush);
        if (push?.Data is not { } d)
        {
            return null;
        }

        switch (push.Cmd)
        {
            case "ticker":
                return new AppTicker(
                    d.Symbol!,
                    Dec(d.LastPrice!),
                    OptDec(d.BidPrice),
                    OptDec(d.AskPrice),
                    OptDec(d.Volume24h),
                    OptDec(d.High24h),
                    OptDec(d.Low24h),
                    OptDec(d.PriceChange24h),
                    OptDec(d.PriceChangePercent24h),
                    d.TradeSession,
                    DateTimeOffset.FromUnixTimeMilliseconds(d.Timestamp));
            case "depth":
                return new AppDepth(d.Symbol!, Levels(d.Bids), Levels(d.Asks), DateTimeOffset.FromUnixTimeMilliseconds(d.Timestamp));
            case "trade":
                if (d.Trades is { } list)
                {
                    var trades = new AppTrade[list.Count];
                    for (var i = 0; i < trades.Length; i++)
                    {
                        var t = list[i];
                        trades[i] = new AppTrade(t.Id, Dec(t.Price!), Dec(t.Quantity!), t.Side ?? string.Empty, DateTimeOffset.FromUnixTimeMilliseconds(t.Timestamp), null, null);
                    }

                    return new AppTrades(d.Symbol!, trades);
                }

                return new AppTrades(d.Symbol!, [new AppTrade(null, Dec(d.Price!), Dec(d.Quantity!), d.Side ?? string.Empty, DateTimeOffset.FromUnixTimeMilliseconds(d.Timestamp), d.OpenInterestChange, d.PositionEffect)]);
            default:
                return null;
        }
    }

    /// <summary>A number from a decoded push, so a consumer has something to fold into a checksum.</summary>
    public static decimal Checksum(object? decoded) => decoded switch
    {
        AppTicker t => t.LastPrice,
        AppDepth d => d.Bids.Length + d.Asks.Length,
        AppTrades t => t.Trades.Length,
        _ => 0,
    };

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static decimal? OptDec(string? text) => text is null ? null : Dec(text);

    private static decimal Dec(JsonElement e) => Dec(e.GetString()!);

    private static decimal? OptDec(JsonElement data, string name) =>
        data.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? Dec(e.GetString()!) : null;

    private static AppLevel[] Levels(JsonElement side)
    {
        var levels = new AppLevel[side.GetArrayLength()];
        var i = 0;
        foreach (var level in side.EnumerateArray())
        {
            levels[i++] = new AppLevel(Dec(level[0]), Dec(level[1]));
        }

        return levels;
    }

    private static AppLevel[] Levels(List<string[]>? side)
    {
        if (side is null)
        {
            return [];
        }

        var levels = new AppLevel[side.Count];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = new AppLevel(Dec(side[i][0]), Dec(side[i][1]));
        }

        return levels;
    }

    private static AppTrade Trade(JsonElement t) => new(
        t.TryGetProperty("id", out var id) ? id.ToString() : null,
        Dec(t.GetProperty("price")),
        Dec(t.GetProperty("quantity")),
        t.GetProperty("side").GetString()!,
        DateTimeOffset.FromUnixTimeMilliseconds(t.GetProperty("timestamp").GetInt64()),
        t.TryGetProperty("open_interest_change", out var oi) && oi.ValueKind == JsonValueKind.Number ? oi.GetInt64() : null,
        t.TryGetProperty("position_effect", out var pe) ? pe.GetString() : null);
}

/// <summary>A push as string DTOs: the union of every push's fields, as an app would declare it.</summary>
public sealed class PlainPush
{
    [JsonPropertyName("cmd")]
    public string? Cmd { get; set; }

    [JsonPropertyName("data")]
    public PlainPushData? Data { get; set; }
}

/// <summary>The data of any push: the REST ticker's fields plus those of the other pushes.</summary>
public sealed class PlainPushData : PlainTicker
{
    [JsonPropertyName("spread")]
    public string? Spread { get; set; }

    [JsonPropertyName("exchange")]
    public int? Exchange { get; set; }

    [JsonPropertyName("trade_session")]
    public string? TradeSession { get; set; }

    [JsonPropertyName("bids")]
    public List<string[]>? Bids { get; set; }

    [JsonPropertyName("asks")]
    public List<string[]>? Asks { get; set; }

    [JsonPropertyName("trades")]
    public List<PlainTrade>? Trades { get; set; }

    [JsonPropertyName("price")]
    public string? Price { get; set; }

    [JsonPropertyName("quantity")]
    public string? Quantity { get; set; }

    [JsonPropertyName("side")]
    public string? Side { get; set; }

    [JsonPropertyName("open_interest_change")]
    public long? OpenInterestChange { get; set; }

    [JsonPropertyName("position_effect")]
    public string? PositionEffect { get; set; }
}

public sealed class PlainTrade
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("price")]
    public string? Price { get; set; }

    [JsonPropertyName("quantity")]
    public string? Quantity { get; set; }

    [JsonPropertyName("side")]
    public string? Side { get; set; }

    [JsonPropertyName("timestamp")]
    public long Timestamp { get; set; }
}
