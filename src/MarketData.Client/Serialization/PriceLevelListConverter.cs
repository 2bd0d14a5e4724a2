using System.Text.Json;
using System.Text.Json.Serialization;
using MarketData.Client.Models;

namespace MarketData.Client.Serialization;

/// <summary>Reads an order-book side, <c>[["626","19700"],["625.5","40800"]]</c>, into one array of levels.</summary>
internal sealed class PriceLevelListConverter : JsonConverter<IReadOnlyList<PriceLevel>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<PriceLevel> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of [price, quantity] pairs.");
        }

        var levels = new List<PriceLevel>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            levels.Add(ReadLevel(ref reader));
        }

        return [.. levels];
    }

    public static PriceLevel ReadLevel(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a [price, quantity] pair.");
        }

        reader.Read();
        var price = DecimalReader.Read(ref reader) ?? throw new JsonException("A price level has no price.");
        reader.Read();
        var quantity = DecimalReader.Read(ref reader) ?? throw new JsonException("A price level has no quantity.");
        // Tolerate extra elements (order count, etc.).
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
        }

        return new PriceLevel(price, quantity);
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<PriceLevel> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var level in value)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(level.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteStringValue(level.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }
}
