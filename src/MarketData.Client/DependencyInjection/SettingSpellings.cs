using MarketData.Client;
using MarketData.Client.Resilience;
using MarketData.Client.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The two spellings of docs/configuration.md the binding generator reads otherwise: <c>"infinite"</c> (or
/// <c>"null"</c>) for <see cref="MarketDataStreamOptions.MaxReconnectAttempts"/> means the default, retry forever (the
/// generator cannot parse it into an <see cref="int"/>); and a duration must carry a colon, because .NET reads a bare
/// <c>"30"</c> as 30 days, never what was meant.
/// </summary>
internal static class SettingSpellings
{
    private const string ForeverKey = "Streaming:" + nameof(MarketDataStreamOptions.MaxReconnectAttempts);

    private static readonly string[] DurationKeys =
    [
        .. Durations(string.Empty, typeof(MarketDataClientOptions).GetProperties()),
        .. Durations("Resilience:", typeof(MarketDataResilienceOptions).GetProperties()),
        .. Durations("Streaming:", typeof(MarketDataStreamOptions).GetProperties()),
    ];

    /// <summary>The first key under <paramref name="source"/> holding a duration without a colon, or null.</summary>
    public static string? BareDurationKey(IConfiguration source) =>
        DurationKeys.FirstOrDefault(key => source[key] is { Length: > 0 } text && !text.Contains(':', StringComparison.Ordinal));

    /// <summary>True when <paramref name="source"/> spells the reconnect attempts "infinite" or "null": retry forever.</summary>
    public static bool RetriesForever(IConfiguration source) =>
        source[ForeverKey] is { } text && (text.Equals("infinite", StringComparison.OrdinalIgnoreCase) || text.Equals("null", StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="source"/> as the generator should read it: "infinite"/"null" attempts read as absent (the caller then sets null).</summary>
    public static IConfiguration ForBinding(IConfiguration source) => RetriesForever(source) ? new Rewritten(source, string.Empty) : source;

    private static IEnumerable<string> Durations(string section, System.Reflection.PropertyInfo[] properties) =>
        properties.Where(p => p.PropertyType == typeof(TimeSpan)).Select(p => section + p.Name);

    /// <summary>A read-only view of a configuration in which the forever spelling of the attempts key has no value.</summary>
    private sealed class Rewritten(IConfiguration inner, string relativePath) : IConfigurationSection
    {
        public string? this[string key]
        {
            get => GetSection(key).Value;
            set => throw new NotSupportedException();
        }

        public string Key => inner is IConfigurationSection s ? s.Key : string.Empty;

        public string Path => inner is IConfigurationSection s ? s.Path : string.Empty;

        public string? Value
        {
            get => relativePath.Equals(ForeverKey, StringComparison.OrdinalIgnoreCase) ? null : (inner as IConfigurationSection)?.Value;
            set => throw new NotSupportedException();
        }

        public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren().Select(c => new Rewritten(c, Child(c.Key)));

        public IChangeToken GetReloadToken() => inner.GetReloadToken();

        public IConfigurationSection GetSection(string key) => new Rewritten(inner.GetSection(key), Child(key));

        private string Child(string key) => relativePath.Length == 0 ? key : relativePath + ConfigurationPath.KeyDelimiter + key;
    }
}
