using System.Text.Json.Serialization;

namespace MarketData.Client.Models;

/// <summary>The trading sessions of a market.</summary>
public sealed record MarketTradingSessions
{
    private readonly IReadOnlyList<TradingSession> _sessions = [];

    /// <summary>The market.</summary>
    [JsonPropertyName("market")]
    public Market Market { get; init; }

    /// <summary>The sessions, in the order of the trading day.</summary>
    [JsonPropertyName("trading_sessions")]
    public IReadOnlyList<TradingSession> Sessions
    {
        get => _sessions;
        init => _sessions = value ?? [];
    }
}
