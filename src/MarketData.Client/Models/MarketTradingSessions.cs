using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The trading sessions of a market.</summary>
public sealed record MarketTradingSessions : IRequiredFields
{
    /// <summary>The market.</summary>
    [JsonPropertyName("market")]
    public Market Market { get; init; }

    /// <summary>The sessions, in the order of the trading day.</summary>
    [JsonPropertyName("trading_sessions")]
    public IReadOnlyList<TradingSession> Sessions { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        (Market.Value.Length == 0 ? ".market" : null) ?? RequiredFields.InList(Sessions, ".trading_sessions");
}
