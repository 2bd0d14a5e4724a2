using MarketData.Client.Streaming;
using System.Globalization;
using MarketData.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Binds <see cref="MarketDataClientOptions"/> from configuration without reflection (trimming and AOT safe). Every
/// key of docs/configuration.md has one row here; a key under the section that has no row (a typo), or a value that
/// does not parse or is out of range, fails with an <see cref="OptionsValidationException"/> naming the key, so the
/// host stops at start. Values are never echoed: a misplaced API key must not reach an exception message.
/// </summary>
internal static class MarketDataOptionsBinder
{
    private const string Duration = "a TimeSpan as [d.]hh:mm:ss[.fffffff], e.g. 00:00:30 for 30 seconds";
    private const string Whole = "a whole number";
    private const string Boolean = "true or false";

    private static readonly string[] Sections = ["Resilience", "Streaming"];

    private static readonly Dictionary<string, Row> Rows = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ApiKey"] = new("a string", (o, v) => o.ApiKey = v),
        ["BaseAddress"] = new("an absolute http(s) URI", (o, v) => o.BaseAddress = new Uri(v, UriKind.Absolute)),
        ["Timeout"] = new(Duration, (o, v) => o.Timeout = ParseDuration(v)),
        ["AllowInsecureTransport"] = new(Boolean, (o, v) => o.AllowInsecureTransport = bool.Parse(v)),
        ["MaxResponseBytes"] = new(Whole, (o, v) => o.MaxResponseBytes = long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)),

        ["Resilience:Enabled"] = new(Boolean, (o, v) => o.Resilience.Enabled = bool.Parse(v)),
        ["Resilience:MaxRetries"] = new(Whole, (o, v) => o.Resilience.MaxRetries = ParseInt(v)),
        ["Resilience:BaseDelay"] = new(Duration, (o, v) => o.Resilience.BaseDelay = ParseDuration(v)),
        ["Resilience:MaxDelay"] = new(Duration, (o, v) => o.Resilience.MaxDelay = ParseDuration(v)),
        ["Resilience:MaxRetryAfter"] = new(Duration, (o, v) => o.Resilience.MaxRetryAfter = ParseDuration(v)),
        ["Resilience:RetryAfterMargin"] = new(Duration, (o, v) => o.Resilience.RetryAfterMargin = ParseDuration(v)),
        ["Resilience:UseJitter"] = new(Boolean, (o, v) => o.Resilience.UseJitter = bool.Parse(v)),
        ["Resilience:AttemptTimeout"] = new(Duration, (o, v) => o.Resilience.AttemptTimeout = ParseDuration(v)),
        ["Resilience:TotalTimeout"] = new(Duration, (o, v) => o.Resilience.TotalTimeout = ParseDuration(v)),

        ["Streaming:HeartbeatInterval"] = new(Duration, (o, v) => o.Streaming.HeartbeatInterval = ParseDuration(v)),
        ["Streaming:StaleTimeout"] = new(Duration, (o, v) => o.Streaming.StaleTimeout = ParseDuration(v)),
        ["Streaming:ConnectTimeout"] = new(Duration, (o, v) => o.Streaming.ConnectTimeout = ParseDuration(v)),
        ["Streaming:AckTimeout"] = new(Duration, (o, v) => o.Streaming.AckTimeout = ParseDuration(v)),
        ["Streaming:ReconnectBaseDelay"] = new(Duration, (o, v) => o.Streaming.ReconnectBaseDelay = ParseDuration(v)),
        ["Streaming:ReconnectMaxDelay"] = new(Duration, (o, v) => o.Streaming.ReconnectMaxDelay = ParseDuration(v)),
        ["Streaming:ConnectionLimitDelay"] = new(Duration, (o, v) => o.Streaming.ConnectionLimitDelay = ParseDuration(v)),
        ["Streaming:MaxReconnectAttempts"] = new("a whole number, or \"infinite\" (or \"null\") to retry forever", (o, v) => o.Streaming.MaxReconnectAttempts = ParseAttempts(v)),
        ["Streaming:BufferCapacity"] = new(Whole, (o, v) => o.Streaming.BufferCapacity = ParseInt(v)),
        ["Streaming:BackpressureMode"] = new("Wait or DropOldestTicker", (o, v) => o.Streaming.BackpressureMode = ParseEnum<StreamBackpressureMode>(v)),
        ["Streaming:SubscribeBatchSize"] = new(Whole, (o, v) => o.Streaming.SubscribeBatchSize = ParseInt(v)),
        ["Streaming:MaxMessageBytes"] = new(Whole, (o, v) => o.Streaming.MaxMessageBytes = ParseInt(v)),
        ["Streaming:MaxConnections"] = new(Whole, (o, v) => o.Streaming.MaxConnections = ParseInt(v)),
        ["Streaming:MaxSubscriptionsPerConnection"] = new(Whole, (o, v) => o.Streaming.MaxSubscriptionsPerConnection = ParseInt(v)),
        ["Streaming:InitialConnectAttempts"] = new(Whole, (o, v) => o.Streaming.InitialConnectAttempts = ParseInt(v)),
    };

    /// <summary>Binds every key of <paramref name="source"/>; an empty value keeps the default.</summary>
    /// <param name="source">The "MarketData" section, or the configuration itself.</param>
    /// <param name="options">The options to set.</param>
    /// <param name="rejectUnknown">Whether a key without a row is an error (true for a section, which holds only the SDK's keys).</param>
    public static void Bind(IConfiguration source, MarketDataClientOptions options, bool rejectUnknown)
    {
        var prefix = source is IConfigurationSection section ? section.Path + ConfigurationPath.KeyDelimiter : string.Empty;
        var failures = new List<string>();
        foreach (var (key, value) in source.AsEnumerable(makePathsRelative: true))
        {
            if (Rows.TryGetValue(key, out var row))
            {
                if (!string.IsNullOrWhiteSpace(value) && Apply(row, options, value.Trim()) is { } why)
                {
                    failures.Add($"'{prefix}{key}' must be {row.Form}{why}");
                }
            }
            else if (rejectUnknown && value is not null && !Sections.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"'{prefix}{key}' is not a MarketData setting (a typo?); the settings are listed in docs/configuration.md.");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(MarketDataClientOptions), failures);
        }
    }

    private static string? Apply(Row row, MarketDataClientOptions options, string value)
    {
        try
        {
            row.Set(options, value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or UriFormatException)
        {
            return ".";
        }
        catch (ArgumentException ex)
        {
            // The setter's range check: its message states the range and the value, which is never the key.
            return ": " + ex.Message;
        }
    }

    private static int ParseInt(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static int? ParseAttempts(string text) =>
        text.Equals("infinite", StringComparison.OrdinalIgnoreCase) || text.Equals("null", StringComparison.OrdinalIgnoreCase) ? null : ParseInt(text);

    /// <summary>A bare number is refused: TimeSpan.Parse reads "30" as 30 days, never what was meant.</summary>
    private static TimeSpan ParseDuration(string text) =>
        text.Contains(':', StringComparison.Ordinal) ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : throw new FormatException();

    /// <summary>A defined name only: Enum.Parse would also take "7" or "1".</summary>
    private static T ParseEnum<T>(string text)
        where T : struct, Enum =>
        !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new FormatException();

    private sealed record Row(string Form, Action<MarketDataClientOptions, string> Set);
}
