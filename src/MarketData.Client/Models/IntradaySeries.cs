using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>The intraday time series of one symbol.</summary>
public sealed record IntradaySeries : IRequiredFields
{
    private readonly string _symbol = string.Empty;
    private readonly IReadOnlyList<IntradayPoint> _lines = [];

    /// <summary>The symbol.</summary>
    [JsonPropertyName("symbol")]
    public string Symbol
    {
        get => _symbol;
        init => _symbol = value ?? string.Empty;
    }

    /// <summary>The points, oldest first.</summary>
    [JsonPropertyName("lines")]
    public IReadOnlyList<IntradayPoint> Lines
    {
        get => _lines;
        init => _lines = value ?? [];
    }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Symbol(Symbol) ?? RequiredFields.InList(Lines, ".lines");
}
