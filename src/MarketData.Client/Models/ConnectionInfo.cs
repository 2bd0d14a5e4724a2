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
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>Every other field the service sent, verbatim.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties => ExtensionData ?? (IReadOnlyDictionary<string, JsonElement>)EmptyProperties;

    // Extension data cannot be an init-only property (source generation binds those like constructor parameters).
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    private static readonly Dictionary<string, JsonElement> EmptyProperties = new();
}
