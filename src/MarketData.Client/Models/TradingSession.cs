using System.Text.Json.Serialization;
using MarketData.Client.Serialization;

namespace MarketData.Client.Models;

/// <summary>One trading session of a market's day, in the market's local time.</summary>
public sealed record TradingSession : IRequiredFields
{
    /// <summary>The start as the service sends it, HHmm local time (930 = 09:30).</summary>
    [JsonIgnore]
    public int BeginTime
    {
        get => BeginTimeOrNull ?? default;
        init => BeginTimeOrNull = value;
    }

    /// <summary>The wire value of <see cref="BeginTime"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("begin_time")]
    internal int? BeginTimeOrNull { get; init; }

    /// <summary>The end as the service sends it, HHmm local time (1600 = 16:00).</summary>
    [JsonIgnore]
    public int EndTime
    {
        get => EndTimeOrNull ?? default;
        init => EndTimeOrNull = value;
    }

    /// <summary>The wire value of <see cref="EndTime"/>: null when the reply left it out (a required field).</summary>
    [JsonInclude]
    [JsonPropertyName("end_time")]
    internal int? EndTimeOrNull { get; init; }

    /// <summary>The session; <see cref="TradeSession.Regular"/> when the service sends none.</summary>
    [JsonPropertyName("trade_session")]
    public TradeSession Session { get; init => field = value.Value.Length == 0 ? TradeSession.Regular : value; } = TradeSession.Regular;

    /// <summary>The start as a time of day.</summary>
    [JsonIgnore]
    public TimeOnly Begin => ToTime(BeginTime);

    /// <summary>The end as a time of day (24:00 reads as 23:59:59.999).</summary>
    [JsonIgnore]
    public TimeOnly End => ToTime(EndTime);

    private static TimeOnly ToTime(int hhmm)
    {
        var hours = Math.Clamp(hhmm / 100, 0, 24);
        var minutes = Math.Clamp(hhmm % 100, 0, 59);
        return hours >= 24 ? TimeOnly.MaxValue : new TimeOnly(hours, minutes);
    }

    /// <inheritdoc />
    string? IRequiredFields.FirstMissing() =>
        RequiredFields.Value(BeginTimeOrNull, ".begin_time") ?? RequiredFields.Value(EndTimeOrNull, ".end_time");
}
