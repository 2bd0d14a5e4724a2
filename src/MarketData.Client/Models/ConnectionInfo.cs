using System.Text.Json;
using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>An open WebSocket connection of the API key (<c>GET /v1/connections</c>). Fields beyond the id are not published and stay readable in <see cref="AdditionalProperties"/>.</summary>
public sealed record ConnectionInfo
{
    /// <summary>The connection id (sent as a string or a number), for <see cref="IMarketDataClient.CloseConnectionAsync"/>.</summary>
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string Id { get; init; } = string.Empty;

    /// <summary>Every other field the service sent, verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
