using System.Text.RegularExpressions;

namespace MarketData.Client.Tests.Docs;

/// <summary>
/// Every C# block in README.md and docs/*.md must appear, line for line (indentation aside), in the
/// MarketData.Client.DocSnippets project, which the build compiles: so every snippet in the docs compiles.
/// </summary>
public sealed partial class DocSnippetTests
{
    public static IEnumerable<TestCaseData> Snippets()
    {
        var files = new[] { RepositoryFiles.Path("README.md") }
            .Concat(Directory.GetFiles(RepositoryFiles.Path("docs"), "*.md"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var index = 0;
            foreach (Match m in CSharpBlock().Matches(text))
            {
                index++;
                yield return new TestCaseData(System.IO.Path.GetFileName(file), index, m.Groups[1].Value)
                    .SetName($"{System.IO.Path.GetFileName(file)} block {index} compiles");
            }
        }
    }

    [TestCaseSource(nameof(Snippets))]
    public void Snippet_is_in_the_compiled_snippets_project(string file, int index, string block)
    {
        var wanted = Normalize(block);
        wanted.Should().NotBeEmpty();
        var sources = Directory.GetFiles(RepositoryFiles.Path("tests", "MarketData.Client.DocSnippets"), "*.cs")
            .Select(f => Normalize(File.ReadAllText(f)))
            .ToList();

        sources.Any(lines => ContainsRun(lines, wanted)).Should().BeTrue(
            $"block {index} of {file} must be copied verbatim into tests/MarketData.Client.DocSnippets so it compiles:\n{block}");
    }

    [Test]
    public void Docs_have_csharp_snippets_to_check()
    {
        Snippets().Count().Should().BeGreaterThan(10);
    }

    private static List<string> Normalize(string code) =>
        code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static bool ContainsRun(List<string> lines, List<string> run)
    {
        for (var i = 0; i + run.Count <= lines.Count; i++)
        {
            var match = true;
            for (var j = 0; j < run.Count && match; j++)
            {
                match = lines[i + j] == run[j];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
