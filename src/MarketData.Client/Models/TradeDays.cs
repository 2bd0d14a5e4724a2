using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The trading days of a market within a date range.</summary>
public sealed record TradeDays : IRequiredFields
{
    /// <summary>The market.</summary>
    [JsonPropertyName("market")]
    public Market Market { get; init; }

    /// <summary>The full trading days.</summary>
    [JsonPropertyName("trade_days")]
    public IReadOnlyList<DateOnly> Days { get; init => field = value ?? []; } = [];

    /// <summary>The half trading days.</summary>
    [JsonPropertyName("half_trade_days")]
    public IReadOnlyList<DateOnly> HalfDays { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        Market.Value.Length == 0 ? ".market" : null;
}
