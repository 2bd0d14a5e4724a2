using System.Text.RegularExpressions;
using MarketData.Client;
using MarketData.Client.Resilience;
using MarketData.Client.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Binds <see cref="MarketDataClientOptions"/> from configuration with the configuration binding source generator
/// (<c>EnableConfigurationBindingGenerator</c> in the project: generated code, no reflection, trimming and AOT safe).
/// Unknown keys under the client's section are refused (<see cref="BinderOptions.ErrorOnUnknownConfiguration"/>). A
/// failure becomes an <see cref="OptionsValidationException"/> whose message names the key and never the value (a
/// misplaced API key must not reach a message; the binder's own conversion message quotes the value), so the host
/// stops at start.
/// </summary>
internal static partial class MarketDataConfigurationBinder
{
    private const string Listed = " The settings are listed in docs/configuration.md.";

    /// <summary>Binds every key of <paramref name="source"/> the options have.</summary>
    /// <param name="source">The client's section (a key under it that is no setting is an error), or the configuration root (others' keys are ignored).</param>
    /// <param name="options">The options to set.</param>
    /// <param name="name">The options name, for the exception.</param>
    /// <exception cref="OptionsValidationException">A key under the section is no setting (a typo), a value does not convert, or a setter refused it.</exception>
    public static void Bind(IConfiguration source, MarketDataClientOptions options, string name)
    {
        if (SettingSpellings.BareDurationKey(source) is { } bare)
        {
            var at = source is IConfigurationSection s ? s.Path + ConfigurationPath.KeyDelimiter : string.Empty;
            throw new OptionsValidationException(name, typeof(MarketDataClientOptions), [$"'{at}{bare}' must be {Form("System.TimeSpan")} (a bare number would be read as days).{Listed}"]);
        }

        try
        {
            var unknownIsError = source is IConfigurationSection;
            SettingSpellings.ForBinding(source).Bind(options, binder => binder.ErrorOnUnknownConfiguration = unknownIsError);
            if (SettingSpellings.RetriesForever(source))
            {
                options.Streaming.MaxReconnectAttempts = null;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            var prefix = source is IConfigurationSection section ? section.Path + ConfigurationPath.KeyDelimiter : string.Empty;
            throw new OptionsValidationException(name, typeof(MarketDataClientOptions), Describe(ex, prefix));
        }
    }

    /// <summary>One failure per offending key, from the binder's or the setter's exception (inner exceptions dropped: parsers echo the value).</summary>
    private static IEnumerable<string> Describe(Exception ex, string prefix)
    {
        if (ex is ArgumentException argument)
        {
            // A setter's range check: its message states the range and the parsed number or duration, never free text.
            var key = argument.ParamName is { } p && KeyOf(p) is { } k ? $"'{prefix}{k}'" : $"a value under '{prefix.TrimEnd(':')}'";
            return [$"{key} is refused: {argument.Message}{Listed}"];
        }

        if (UnknownKeys().Match(ex.Message) is { Success: true } unknown)
        {
            var section = unknown.Groups["type"].Value switch
            {
                var t when t == typeof(MarketDataResilienceOptions).FullName => "Resilience:",
                var t when t == typeof(MarketDataStreamOptions).FullName => "Streaming:",
                _ => string.Empty,
            };
            return unknown.Groups["key"].Captures.Select(c => $"'{prefix}{section}{c.Value}' is not a MarketData setting (a typo?).{Listed}");
        }

        if (Conversion().Match(ex.Message) is { Success: true } conversion)
        {
            return [$"'{conversion.Groups["path"].Value}' must be {Form(conversion.Groups["type"].Value)}.{Listed}"];
        }

        return [$"The configuration under '{prefix.TrimEnd(':')}' could not be bound ({ex.GetType().Name}).{Listed}"];
    }

    /// <summary>The configuration key of a setter's property, relative to the client's section.</summary>
    private static string? KeyOf(string property) =>
        typeof(MarketDataStreamOptions).GetProperty(property) is not null ? "Streaming:" + property
        : typeof(MarketDataResilienceOptions).GetProperty(property) is not null ? "Resilience:" + property
        : typeof(MarketDataClientOptions).GetProperty(property) is not null ? property
        : null;

    private static string Form(string type) => type switch
    {
        "System.TimeSpan" => "a TimeSpan as [d.]hh:mm:ss[.fffffff], e.g. 00:00:30 for 30 seconds",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        "System.Uri" => "an absolute http(s) URI",
        _ when type == typeof(StreamBackpressureMode).FullName => "Wait or DropOldestTicker",
        _ => "a " + type,
    };

    // "... the following properties were not found on the instance of {type}: 'A', 'B'" (keys only, no values).
    [GeneratedRegex(@"not found on the instance of (?<type>[\w.]+): (?:'(?<key>[^']*)'(?:, )?)+$")]
    private static partial Regex UnknownKeys();

    // "Failed to convert configuration value ['{value}' ]at '{path}' to type '{type}'." (read from the end: the value is never used).
    [GeneratedRegex(@"at '(?<path>[^']*)' to type '(?<type>[^']*)'\.$")]
    private static partial Regex Conversion();
}
