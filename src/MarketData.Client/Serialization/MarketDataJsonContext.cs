using System.Text.Json;
using System.Text.Json.Serialization;
using MarketData.Client.Models;

namespace MarketData.Client.Serialization;

/// <summary>Source-generated serialization for every model: no reflection, trimming and AOT safe.</summary>
/// <remarks>
/// The generator sets an init-only property that is absent from the JSON to <c>default</c>, ignoring its initializer
/// (dotnet/runtime#84484); so every non-nullable model property coalesces null in its init accessor.
/// </remarks>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    Converters =
    [
        typeof(FlexibleDecimalConverter),
        typeof(NullableFlexibleDecimalConverter),
        typeof(UnixTimeConverter),
        typeof(NullableUnixTimeConverter),
        typeof(CompactDateConverter),
    ])]
[JsonSerializable(typeof(IReadOnlyList<Ticker>))]
[JsonSerializable(typeof(KlineSeries))]
[JsonSerializable(typeof(IReadOnlyList<KlineSeries>))]
[JsonSerializable(typeof(KlineIntervalList))]
[JsonSerializable(typeof(OrderBook))]
[JsonSerializable(typeof(TradeList))]
[JsonSerializable(typeof(Trade))]
[JsonSerializable(typeof(SymbolPage))]
[JsonSerializable(typeof(IReadOnlyList<IntradaySeries>))]
[JsonSerializable(typeof(IReadOnlyList<MarketTradingSessions>))]
[JsonSerializable(typeof(TradeDays))]
[JsonSerializable(typeof(IReadOnlyList<StockInfo>))]
[JsonSerializable(typeof(IReadOnlyList<MarketMetrics>))]
[JsonSerializable(typeof(CapitalFlow))]
[JsonSerializable(typeof(IReadOnlyList<ConnectionInfo>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class MarketDataJsonContext : JsonSerializerContext
{
}
