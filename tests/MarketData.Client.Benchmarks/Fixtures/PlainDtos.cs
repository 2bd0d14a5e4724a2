using System.Text.Json.Serialization;

namespace MarketData.Client.Benchmarks.Fixtures;

// REST replies as an application declares them without the SDK: strings for every price, longs for timestamps.

public sealed class PlainEnvelope<T>
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("data")]
    public T? Data { get; set; }
}

/// <summary>A REST ticker; also the common part of a push's data.</summary>
public class PlainTicker
{
    [JsonPropertyName("symbol")]
    public string? Symbol { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("last_price")]
    public string? LastPrice { get; set; }

    [JsonPropertyName("bid_price")]
    public string? BidPrice { get; set; }

    [JsonPropertyName("ask_price")]
    public string? AskPrice { get; set; }

    [JsonPropertyName("volume_24h")]
    public string? Volume24h { get; set; }

    [JsonPropertyName("high_24h")]
    public string? High24h { get; set; }

    [JsonPropertyName("low_24h")]
    public string? Low24h { get; set; }

    [JsonPropertyName("price_change_24h")]
    public string? PriceChange24h { get; set; }

    [JsonPropertyName("price_change_percent_24h")]
    public string? PriceChangePercent24h { get; set; }

    [JsonPropertyName("timestamp")]
    public long Timestamp { get; set; }
}

public sealed class PlainKlineSeries
{
    [JsonPropertyName("symbol")]
    public string? Symbol { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("interval")]
    public string? Interval { get; set; }

    [JsonPropertyName("klines")]
    public List<PlainKline>? Klines { get; set; }
}

public sealed class PlainKline
{
    [JsonPropertyName("time")]
    public long Time { get; set; }

    [JsonPropertyName("open")]
    public string? Open { get; set; }

    [JsonPropertyName("high")]
    public string? High { get; set; }

    [JsonPropertyName("low")]
    public string? Low { get; set; }

    [JsonPropertyName("close")]
    public string? Close { get; set; }

    [JsonPropertyName("volume")]
    public string? Volume { get; set; }

    [JsonPropertyName("quote_volume")]
    public string? QuoteVolume { get; set; }

    [JsonPropertyName("open_interest")]
    public string? OpenInterest { get; set; }
}

public sealed class PlainSymbolPage
{
    [JsonPropertyName("products")]
    public List<PlainSymbol>? Products { get; set; }

    [JsonPropertyName("summary")]
    public PlainSymbolSummary? Summary { get; set; }

    [JsonPropertyName("pagination")]
    public PlainPagination? Pagination { get; set; }
}

public sealed class PlainSymbol
{
    [JsonPropertyName("symbol")]
    public string? Symbol { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("market")]
    public string? Market { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("currency")]
    public string? Currency { get; set; }

    [JsonPropertyName("is_active")]
    public bool? IsActive { get; set; }

    [JsonPropertyName("updated_at")]
    public string? UpdatedAt { get; set; }
}

public sealed class PlainSymbolSummary
{
    [JsonPropertyName("total_products")]
    public long TotalProducts { get; set; }

    [JsonPropertyName("by_market")]
    public Dictionary<string, long>? ByMarket { get; set; }

    [JsonPropertyName("by_type")]
    public Dictionary<string, long>? ByType { get; set; }

    [JsonPropertyName("last_updated")]
    public string? LastUpdated { get; set; }
}

public sealed class PlainPagination
{
    [JsonPropertyName("limit")]
    public int Limit { get; set; }

    [JsonPropertyName("offset")]
    public long Offset { get; set; }

    [JsonPropertyName("total")]
    public long Total { get; set; }

    [JsonPropertyName("count")]
    public int Count { get; set; }
}

public sealed class PlainOrderBook
{
    [JsonPropertyName("symbol")]
    public string? Symbol { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("timestamp")]
    public long Timestamp { get; set; }

    [JsonPropertyName("bids")]
    public List<string[]>? Bids { get; set; }

    [JsonPropertyName("asks")]
    public List<string[]>? Asks { get; set; }
}

/// <summary>Source generation for the application-side DTOs (the baselines), default options.</summary>
[JsonSerializable(typeof(PlainPush))]
[JsonSerializable(typeof(PlainEnvelope<PlainKlineSeries>))]
[JsonSerializable(typeof(PlainEnvelope<PlainSymbolPage>))]
[JsonSerializable(typeof(PlainEnvelope<PlainOrderBook>))]
[JsonSerializable(typeof(PlainEnvelope<List<PlainTicker>>))]
internal sealed partial class PlainJsonContext : JsonSerializerContext
{
}
