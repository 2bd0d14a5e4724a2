using System.Text.RegularExpressions;

namespace MarketData.Client.Tests.Docs;

/// <summary>
/// docs/architecture.md is the house map: it must name every folder of the library with the namespace its files
/// declare, and every file it names must exist, so the map cannot drift from the code unnoticed.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly string Doc = File.ReadAllText(RepositoryFiles.Path("docs", "architecture.md"));
    private static readonly string Library = RepositoryFiles.Path("src", "MarketData.Client");

    [Test]
    public void Every_folder_of_the_library_has_a_row_with_the_namespace_its_files_declare()
    {
        var rows = FolderRow().Matches(Doc).ToDictionary(m => m.Groups["folder"].Value, m => m.Groups["ns"].Value);
        var folders = Directory.GetDirectories(Library)
            .Select(Path.GetFileName)
            .Where(f => f is not ("bin" or "obj"))
            .Select(f => f + "/")
            .Append("(root)")
            .ToArray();

        rows.Keys.Should().BeEquivalentTo(folders, "every folder has exactly one row");
        foreach (var (folder, ns) in rows)
        {
            var dir = folder == "(root)" ? Library : Path.Combine(Library, folder.TrimEnd('/'));
            var declared = Directory.GetFiles(dir, "*.cs")
                .Select(file => FileNamespace().Match(File.ReadAllText(file)).Groups["ns"].Value)
                .Distinct()
                .ToArray();
            declared.Should().Equal([ns], $"the files of {folder} declare the namespace its row gives");
        }
    }

    [Test]
    public void Every_file_the_page_names_exists()
    {
        var named = FilePath().Matches(Doc).Select(m => m.Groups["path"].Value).Distinct().ToArray();

        named.Should().HaveCountGreaterThan(20);
        foreach (var path in named)
        {
            var full = path.StartsWith("src/", StringComparison.Ordinal) || path.StartsWith("tests/", StringComparison.Ordinal)
                ? RepositoryFiles.Path(path.Split('/'))
                : Path.Combine([Library, .. path.Split('/')]);
            (File.Exists(full) || Directory.Exists(full)).Should().BeTrue($"docs/architecture.md names {path}");
        }
    }

    // | `Http/` | `MarketData.Client.Http` | ...   or   | (root) | `MarketData.Client` | ...
    [GeneratedRegex(@"^\| (?:`(?<folder>\w+/)`|(?<folder>\(root\))) \| `(?<ns>[\w.]+)` \|", RegexOptions.Multiline)]
    private static partial Regex FolderRow();

    [GeneratedRegex(@"^namespace (?<ns>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    // `Http/RestTransport.cs`, `src/MarketData.Client.Generators`, `tests/.../LoopbackServer.cs`
    [GeneratedRegex(@"`(?<path>(?:[\w.]+/)+[\w.]+\.cs|src/[\w.]+|tests/[\w.]+)`")]
    private static partial Regex FilePath();
}
