using MarketData.Client.Streaming;
using MarketData.Client.Resilience;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using MarketData.Client.Tests.Docs;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MarketData.Client.Tests.DependencyInjection;

/// <summary>
/// Every option the docs list binds from <see cref="IConfiguration"/> (the tables of docs/configuration.md and the
/// defaults table of docs/resilience.md it points to drive the cases, so a new documented option is tested without
/// touching this file), every public settable option is documented, and a typo under "MarketData" stops the host.
/// </summary>
public sealed partial class ConfigurationBindingTests
{
    /// <summary>A documented option: the class it lives on, the configuration prefix and the property.</summary>
    public sealed record Option(string Key, PropertyInfo Property, Func<MarketDataClientOptions, object> Owner)
    {
        public override string ToString() => Key;
    }

    private static readonly (string File, string Section, Type Type, string Prefix, Func<MarketDataClientOptions, object> Owner)[] Tables =
    [
        ("configuration.md", "## MarketDataClientOptions", typeof(MarketDataClientOptions), string.Empty, o => o),
        ("resilience.md", "## Defaults", typeof(MarketDataResilienceOptions), "Resilience:", o => o.Resilience),
        ("configuration.md", "## MarketDataStreamOptions", typeof(MarketDataStreamOptions), "Streaming:", o => o.Streaming),
    ];

    private static IEnumerable<Option> Documented() =>
        from t in Tables
        from name in OptionCell().Matches(Section(t.File, t.Section)).Select(m => m.Groups[1].Value)
        let property = t.Type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
        select property is null
            ? throw new AssertionException($"docs/{t.File} documents {t.Type.Name}.{name}, which does not exist")
            : new Option("MarketData:" + t.Prefix + name, property, t.Owner);

    private static IEnumerable<TestCaseData> BindableKeys() =>
        Documented().Where(o => IsScalar(o.Property.PropertyType)).Select(o => new TestCaseData(o).SetName("The documented key " + o.Key + " binds"));

    [TestCaseSource(nameof(BindableKeys))]
    public async Task A_documented_key_binds_a_non_default_value(Option option)
    {
        var (value, text) = NonDefault(option);
        var settings = new Dictionary<string, string?> { ["MarketData:ApiKey"] = SentinelKey.Value, [option.Key] = text };

        var options = await StartAndResolveAsync(settings);

        option.Property.GetValue(option.Owner(options)).Should().Be(value, "{0} = \"{1}\" is in the configuration", option.Key, text);
    }

    [Test]
    public async Task Every_documented_key_at_once_arrives()
    {
        var keys = Documented().Where(o => IsScalar(o.Property.PropertyType)).ToList();
        var values = keys.ToDictionary(o => o.Key, NonDefault);
        var settings = values.ToDictionary(v => v.Key, v => (string?)v.Value.Text);

        var options = await StartAndResolveAsync(settings);

        keys.Should().Contain(o => o.Key == "MarketData:Streaming:MaxReconnectAttempts", "the key the issue found unbound is documented");
        foreach (var o in keys)
        {
            o.Property.GetValue(o.Owner(options)).Should().Be(values[o.Key].Value, "{0} = \"{1}\" is in the configuration", o.Key, values[o.Key].Text);
        }
    }

    [Test]
    public void Every_public_settable_option_is_documented_and_objects_are_named_as_code_only()
    {
        var documented = Documented().ToList();
        var settable = Tables
            .SelectMany(t => t.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => (t.Type, p.Name)))
            .ToList();

        documented.Select(o => (o.Property.DeclaringType!, o.Property.Name)).Should().BeEquivalentTo(settable, "every public settable option has a row in the docs");
        var fromConfiguration = Section("configuration.md", "## From configuration");
        foreach (var o in documented.Where(o => !IsScalar(o.Property.PropertyType) && !o.Property.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            fromConfiguration.Should().Contain($"`{o.Property.Name}`", "an object option is set in code, and the docs must say so");
        }
    }

    [TestCase("infinite")]
    [TestCase("INFINITE")]
    [TestCase("null")]
    public async Task MaxReconnectAttempts_infinite_means_retry_forever(string text)
    {
        var options = await StartAndResolveAsync(
            new Dictionary<string, string?> { ["MarketData:ApiKey"] = SentinelKey.Value, ["MarketData:Streaming:MaxReconnectAttempts"] = text },
            services => services.Configure<MarketDataClientOptions>(o => o.Streaming.MaxReconnectAttempts = 5));

        options.Streaming.MaxReconnectAttempts.Should().BeNull();
    }

    [Test]
    public async Task TimeSpan_values_take_fractions_days_and_hours()
    {
        var options = await StartAndResolveAsync(new Dictionary<string, string?>
        {
            ["MarketData:ApiKey"] = SentinelKey.Value,
            ["MarketData:Streaming:HeartbeatInterval"] = "00:00:00.250",
            ["MarketData:Streaming:ConnectionLimitDelay"] = "01:00:00",
            ["MarketData:Resilience:TotalTimeout"] = "0.00:05:00",
            ["MarketData:Streaming:BackpressureMode"] = "dropoldestticker",
        });

        options.Streaming.HeartbeatInterval.Should().Be(TimeSpan.FromMilliseconds(250));
        options.Streaming.ConnectionLimitDelay.Should().Be(TimeSpan.FromHours(1));
        options.Resilience.TotalTimeout.Should().Be(TimeSpan.FromMinutes(5));
        options.Streaming.BackpressureMode.Should().Be(StreamBackpressureMode.DropOldestTicker);
    }

    [TestCase("MarketData:Streaming:MaxReconectAttempts", "3")]
    [TestCase("MarketData:Timout", "00:00:30")]
    [TestCase("MarketData:Resilience:MaxRetrys", "2")]
    [TestCase("MarketData:Streamin:BufferCapacity", "100", "MarketData:Streamin")]
    [TestCase("MarketData:Streaming:MaxReconnectAttempts", "forever")]
    [TestCase("MarketData:Streaming:HeartbeatInterval", "30")]
    [TestCase("MarketData:Streaming:BufferCapacity", "0")]
    [TestCase("MarketData:Streaming:BackpressureMode", "7")]
    [TestCase("MarketData:Resilience:UseJitter", "yes")]
    [TestCase("MarketData:Resilience:TotalTimeout", "30")]
    [TestCase("MarketData:Resilience:AttemptTimeout", "10")]
    [TestCase("MarketData:Resilience:MaxRetries", "21")]
    [TestCase("MarketData:Resilience:RetryAfterMargin", "00:00:06")]
    [TestCase("MarketData:Resilience:TotalTimeout", "-00:00:01")]
    public async Task A_typo_or_a_bad_value_stops_the_host_with_a_message_naming_the_key(string key, string text, string? named = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketData:ApiKey"] = SentinelKey.Value,
            [key] = text,
        }).Build();
        using var host = BuildHost(config);

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.Message.Should().Contain($"'{named ?? key}'");
        SentinelKey.Leaks(ex.Message).Should().BeFalse();
    }

    [TestCase("MarketData:Streaming:ApiKey")]
    [TestCase("MarketData:Timeout")]
    [TestCase("MarketData:Resilience:MaxRetries")]
    public async Task A_misplaced_key_value_is_named_but_never_echoed(string key)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketData:ApiKey"] = SentinelKey.Value,
            [key] = SentinelKey.Value,
        }).Build();
        using var host = BuildHost(config);

        var act = () => host.StartAsync();

        var ex = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        ex.Failures.Should().ContainSingle().Which.Should().Contain($"'{key}'");
        SentinelKey.Leaks(ex.ToString()).Should().BeFalse("the value of a misplaced key may be the API key");
    }

    [Test]
    public async Task Keys_of_other_sections_are_not_the_SDKs_business()
    {
        var options = await StartAndResolveAsync(new Dictionary<string, string?>
        {
            ["MarketData:ApiKey"] = SentinelKey.Value,
            ["Logging:LogLevel:Default"] = "Information",
            ["Other:Streaming:Whatever"] = "1",
        });

        options.ApiKey.Should().Be(SentinelKey.Value);
    }

    private static async Task<MarketDataClientOptions> StartAndResolveAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var host = BuildHost(config, before);
        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<MarketDataClientOptions>>().Value;
        await host.StopAsync();
        return options;
    }

    private static IHost BuildHost(IConfiguration config, Action<IServiceCollection>? before = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        before?.Invoke(builder.Services);
        builder.Services.AddMarketDataClient(config);
        return builder.Build();
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(Uri);
    }

    /// <summary>A value the setter accepts that differs from the default, and how configuration spells it.</summary>
    private static (object Value, string Text) NonDefault(Option option)
    {
        var type = option.Property.PropertyType;
        var fresh = option.Owner(new MarketDataClientOptions());
        var current = option.Property.GetValue(fresh);
        IEnumerable<object> candidates = current switch
        {
            _ when type == typeof(string) => ["configured-key-0123456789"],
            _ when type == typeof(Uri) => [new Uri("https://marketdata.example/")],
            _ when type == typeof(int?) && current is null => [7],
            bool b => [!b],
            int i => [i + 1, i - 1],
            long l => [l + 1024, l - 1024],
            TimeSpan s => [s + TimeSpan.FromSeconds(1.5), s + TimeSpan.FromMilliseconds(1), s / 2],
            Enum e => Enum.GetValues(type).Cast<object>().Where(v => !v.Equals(e)),
            _ => throw new AssertionException($"{option.Key}: no non-default value for {type}"),
        };

        foreach (var candidate in candidates.Where(c => !c.Equals(current)))
        {
            try
            {
                option.Property.SetValue(option.Owner(new MarketDataClientOptions()), candidate);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            var text = candidate switch
            {
                TimeSpan s => s.ToString("c", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => candidate.ToString()!,
            };
            return (candidate, text);
        }

        throw new AssertionException($"{option.Key}: no candidate value is accepted by the setter");
    }

    private static string Section(string file, string heading)
    {
        var text = File.ReadAllText(RepositoryFiles.Path("docs", file));
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"docs/{file} has a section '{heading}'");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"^\| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex OptionCell();
}
