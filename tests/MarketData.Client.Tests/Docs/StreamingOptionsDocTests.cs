using MarketData.Client.Streaming;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace MarketData.Client.Tests.Docs;

/// <summary>
/// docs/configuration.md lists every MarketDataStreamOptions setting with its default and range, and the README states the
/// stream defaults: this keeps them in step with the code (they had drifted once).
/// </summary>
public sealed partial class StreamingOptionsDocTests
{
    private static readonly PropertyInfo[] Settings = typeof(MarketDataStreamOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToArray();

    public static IEnumerable<TestCaseData> Rows() =>
        Settings.Select(p => new TestCaseData(p.Name).SetName($"configuration.md documents Streaming.{p.Name}"));

    [TestCaseSource(nameof(Rows))]
    public void The_default_and_range_in_the_table_are_the_codes(string name)
    {
        var property = Settings.Single(p => p.Name == name);
        var cells = TableRow(name);
        var defaults = new MarketDataStreamOptions();
        var actual = property.GetValue(defaults);

        switch (actual)
        {
            case TimeSpan span:
                Quantity(cells[1]).Should().Be(span.Ticks, $"the default of {name} is {span}");
                break;
            case int number:
                Quantity(cells[1]).Should().Be(number, $"the default of {name} is {number}");
                break;
            case Enum value:
                cells[1].Should().Be($"`{value}`");
                break;
            case null:
                cells[1].Should().StartWith("`null`");
                break;
            default:
                Assert.Fail($"{name}: no check for {actual.GetType()}");
                break;
        }

        var range = RangePattern().Match(cells[2]);
        if (!range.Success)
        {
            (actual is null or Enum).Should().BeTrue($"the range of {name} must read 'min to max'");
            return;
        }

        var min = Quantity(range.Groups["min"].Value);
        var max = Quantity(range.Groups["max"].Value);
        var type = property.PropertyType;
        object Value(long q) => type == typeof(TimeSpan) ? TimeSpan.FromTicks(q) : (object)checked((int)q);
        void Set(long q) => property.SetValue(new MarketDataStreamOptions(), Value(q));
        Exception? Fails(long q)
        {
            try
            {
                Set(q);
                return null;
            }
            catch (TargetInvocationException ex)
            {
                return ex.InnerException;
            }
        }

        Fails(min).Should().BeNull($"{name} accepts its documented minimum");
        Fails(max).Should().BeNull($"{name} accepts its documented maximum");
        if (min > 0)
        {
            Fails(min - 1).Should().BeOfType<ArgumentOutOfRangeException>($"{name} rejects less than its documented minimum");
        }

        Fails(max + 1).Should().BeOfType<ArgumentOutOfRangeException>($"{name} rejects more than its documented maximum");
    }

    [Test]
    public void The_table_has_no_row_for_a_setting_that_does_not_exist()
    {
        var section = Section();
        var documented = OptionCell().Matches(section).Select(m => m.Groups[1].Value).ToList();
        documented.Should().BeEquivalentTo(Settings.Select(p => p.Name));
    }

    [Test]
    public void The_readme_states_the_stream_defaults()
    {
        var o = new MarketDataStreamOptions();
        var row = File.ReadAllLines(RepositoryFiles.Path("README.md")).Single(l => l.StartsWith("| stream |", StringComparison.Ordinal));
        row.Should().Contain($"ping every {o.HeartbeatInterval.TotalSeconds} s")
            .And.Contain($"silent for {o.StaleTimeout.TotalSeconds} s")
            .And.Contain($"from {o.ReconnectBaseDelay.TotalSeconds} s to {o.ReconnectMaxDelay.TotalSeconds} s")
            .And.Contain($"at least {o.ConnectionLimitDelay.TotalSeconds} s")
            .And.Contain($"{o.ConnectTimeout.TotalSeconds} s connect");
    }

    private static string Section()
    {
        var text = File.ReadAllText(RepositoryFiles.Path("docs", "configuration.md"));
        var start = text.IndexOf("## MarketDataStreamOptions", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "docs/configuration.md has a MarketDataStreamOptions section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string[] TableRow(string name)
    {
        var line = Section().Split('\n').SingleOrDefault(l => l.StartsWith($"| `{name}` |", StringComparison.Ordinal));
        line.Should().NotBeNull($"docs/configuration.md must have a row for Streaming.{name}");
        return line!.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
    }

    /// <summary>"2 s" → ticks, "100 ms", "5 min", "1 h", "4 MiB" → bytes, "10,000 messages" → 10000.</summary>
    private static long Quantity(string text)
    {
        var m = QuantityPattern().Match(text);
        m.Success.Should().BeTrue($"'{text}' must start with a number");
        var number = decimal.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var factor = m.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "min" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            "KiB" => 1024L,
            "MiB" => 1024L * 1024,
            _ => 1L,
        };
        return (long)(number * factor);
    }

    [GeneratedRegex(@"^(?<n>[0-9][0-9,]*(\.[0-9]+)?)\s*(?<unit>ms|s|min|h|KiB|MiB)?\b")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^(?<min>[0-9][0-9,.]*\s*[A-Za-z]*) to (?<max>[0-9][0-9,.]*\s*[A-Za-z]*)")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^\| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex OptionCell();
}
