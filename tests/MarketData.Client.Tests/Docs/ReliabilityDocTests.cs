using System.Reflection;
using System.Text.RegularExpressions;

namespace MarketData.Client.Tests.Docs;

/// <summary>
/// docs/reliability.md runs its suites by NUnit category: every suite it describes must carry a category its command
/// selects (three once had none and were silently skipped), and its table of categories must match the code.
/// </summary>
public sealed partial class ReliabilityDocTests
{
    private static readonly string Doc = File.ReadAllText(RepositoryFiles.Path("docs", "reliability.md"));

    private static readonly Type[] Fixtures = typeof(ReliabilityDocTests).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(TestAttribute)) || m.IsDefined(typeof(TestCaseAttribute)) || m.IsDefined(typeof(TestCaseSourceAttribute))))
        .ToArray();

    [Test]
    public void Every_suite_the_page_describes_carries_a_category_its_command_runs()
    {
        var selected = CommandCategories();
        var suites = SuiteHeading().Matches(Doc).Select(m => m.Groups["name"].Value).Distinct().ToArray();

        selected.Should().BeEquivalentTo(["Chaos", "Fuzz", "Load", "Security"]);
        suites.Should().HaveCountGreaterThan(10, "every suite has a heading that names its class");
        foreach (var suite in suites)
        {
            Categories(Fixture(suite)).Should().IntersectWith(selected, $"{suite} is described in reliability.md, so its category command must run it");
        }
    }

    [Test]
    public void Every_fixture_of_the_Reliability_folder_carries_a_category_its_command_runs()
    {
        var selected = CommandCategories();
        var reliability = Fixtures.Where(t => t.Namespace == "MarketData.Client.Tests.Reliability").ToArray();

        reliability.Should().NotBeEmpty();
        foreach (var fixture in reliability)
        {
            Categories(fixture).Should().IntersectWith(selected, $"{fixture.Name} is a reliability suite");
        }
    }

    [Test]
    public void The_table_of_categories_lists_every_category_and_the_fixtures_it_names_carry_it()
    {
        var rows = CategoryRow().Matches(Doc)
            .Where(m => !NotCompiledInThisRun.Contains(m.Groups["category"].Value))
            .ToDictionary(m => m.Groups["category"].Value, m => m.Groups["fixtures"].Value);
        var used = Fixtures.SelectMany(Categories).ToHashSet();

        rows.Keys.Should().BeEquivalentTo(used, "the table lists exactly the categories the tests use");
        foreach (var (category, cell) in rows)
        {
            var named = Backticked().Matches(cell).Select(m => m.Groups[1].Value).ToArray();
            named.Should().NotBeEmpty($"the {category} row names its fixtures");
            foreach (var name in named)
            {
                Categories(Fixture(name)).Should().Contain(category, $"the table lists {name} under {category}");
            }
        }
    }

    /// <summary>Categories whose fixtures this build does not compile: the net8.0 run leaves out Packaging/ (README, "What CI verifies").</summary>
#if MARKETDATA_NET8_RUN
    private static readonly string[] NotCompiledInThisRun = ["Packaging"];
#else
    private static readonly string[] NotCompiledInThisRun = [];
#endif

    private static string[] CommandCategories()
    {
        var command = Doc.Split('\n').First(l => l.StartsWith("dotnet test", StringComparison.Ordinal) && l.Contains("TestCategory=", StringComparison.Ordinal));
        return CommandCategory().Matches(command).Select(m => m.Groups[1].Value).ToArray();
    }

    private static Type Fixture(string name) =>
        Fixtures.SingleOrDefault(t => t.Name == name) ?? throw new AssertionException($"reliability.md names {name}, which is no test fixture");

    private static IEnumerable<string> Categories(Type fixture) =>
        fixture.GetCustomAttributes<CategoryAttribute>(inherit: true).Select(c => c.Name);

    [GeneratedRegex(@"^### .*\(`(?:\w+/)?(?<name>\w+Tests)[`.]", RegexOptions.Multiline)]
    private static partial Regex SuiteHeading();

    [GeneratedRegex(@"^\| `(?<category>\w+)` \|.*\| (?<fixtures>[^|]*) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex CategoryRow();

    [GeneratedRegex(@"`(?:\w+/)?(\w+Tests)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"TestCategory=(\w+)")]
    private static partial Regex CommandCategory();
}
