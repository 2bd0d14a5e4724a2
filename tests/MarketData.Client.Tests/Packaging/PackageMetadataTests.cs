using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text.RegularExpressions;
using MarketData.Client.Testing;
using MarketData.Client.Tests.Docs;

namespace MarketData.Client.Tests.Packaging;

/// <summary>
/// What nuget.org shows for the two packages: READMEs whose links work on the gallery (Testing has its own), an icon,
/// release notes, honest trimming claims, and symbols without this machine's paths when CI built them.
/// </summary>
[Category("Packaging")]
[NonParallelizable]
public sealed partial class PackageMetadataTests
{
    private const string Library = "MarketData.Client";
    private const string Testing = "MarketData.Client.Testing";

    private string _work = null!;
    private string _version = null!;

    [OneTimeSetUp]
    public async Task PackBothPackages()
    {
        _work = Directory.CreateTempSubdirectory("marketdata-meta-").FullName;
        _version = $"0.0.0-metatest.{Environment.ProcessId}";
        var configuration = TestContext.CurrentContext.TestDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        foreach (var project in new[] { Library, Testing })
        {
            await PackageConsumptionTests.Dotnet(RepositoryFiles.Root, "pack", RepositoryFiles.Path("src", project, project + ".csproj"),
                "-c", configuration, "--no-build", "-o", _work, $"-p:Version={_version}");
        }
    }

    [OneTimeTearDown]
    public void DeleteWorkFolder()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [TestCase(Library)]
    [TestCase(Testing)]
    public void The_package_README_has_only_absolute_links(string package)
    {
        var readme = Entry(package, "README.md");

        var links = MarkdownLink().Matches(readme).Select(m => m.Groups["target"].Value).ToArray();
        links.Should().NotBeEmpty();
        links.Where(l => !IsAbsolute(l)).Should().BeEmpty("relative links break on nuget.org");
        links.Should().Contain("https://github.com/marketdata-client/MarketData.Client/blob/main/docs/testing-your-app.md");
    }

    [Test]
    public void The_library_README_is_the_repository_README_with_its_links_made_absolute()
    {
        var source = File.ReadAllText(RepositoryFiles.Path("README.md"));
        var relative = MarkdownLink().Matches(source).Select(m => m.Groups["target"].Value).Where(l => !IsAbsolute(l)).ToArray();

        relative.Should().NotBeEmpty("the repository README links its docs relatively");
        var expected = MarkdownLink().Replace(source, m => IsAbsolute(m.Groups["target"].Value)
            ? m.Value
            : $"](https://github.com/marketdata-client/MarketData.Client/blob/main/{m.Groups["target"].Value})");
        Entry(Library, "README.md").TrimEnd().Should().Be(expected.TrimEnd(), "the package README cannot drift from the repository's");
    }

    [Test]
    public void The_testing_package_has_its_own_README()
    {
        var readme = Entry(Testing, "README.md");

        readme.Should().StartWith("# MarketData.Client.Testing").And.Contain("MarketDataSimulator.StartAsync()")
            .And.Contain("not trimming or Native AOT compatible");
        readme.Should().NotBe(Entry(Library, "README.md"));
    }

    [TestCase(Library)]
    [TestCase(Testing)]
    public void The_package_has_an_icon_and_release_notes(string package)
    {
        var nuspec = Entry(package, package + ".nuspec");

        nuspec.Should().Contain("<icon>icon.png</icon>").And.Contain("<readme>README.md</readme>")
            .And.Contain("<releaseNotes>https://github.com/marketdata-client/MarketData.Client/blob/main/CHANGELOG.md</releaseNotes>");
        using var zip = ZipFile.OpenRead(PackagePath(package, "nupkg"));
        using var icon = zip.GetEntry("icon.png")!.Open();
        var signature = new byte[8];
        icon.ReadExactly(signature);
        signature.Should().Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        File.Exists(RepositoryFiles.Path("CHANGELOG.md")).Should().BeTrue("the release notes point at it");
    }

    [Test]
    public void Only_the_library_claims_to_be_trimmable()
    {
        Metadata(typeof(MarketDataClient).Assembly, "IsTrimmable").Should().Be("True");
        Metadata(typeof(MarketDataSimulator).Assembly, "IsTrimmable").Should().BeNull("WireMock.Net is not trim-safe, so a trimmed app using the simulator crashes");
    }

    [TestCase(Library)]
    [TestCase(Testing)]
    public void Packed_symbols_carry_this_machines_paths_only_when_not_built_by_ci(string package)
    {
        var ciBuild = Metadata(typeof(PackageMetadataTests).Assembly, "ContinuousIntegrationBuild") == "true";
        using var zip = ZipFile.OpenRead(PackagePath(package, "snupkg"));
        using var pdbStream = new MemoryStream();
        using (var entry = zip.GetEntry($"lib/net10.0/{package}.pdb")!.Open())
        {
            entry.CopyTo(pdbStream);
        }

        pdbStream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var reader = provider.GetMetadataReader();
        var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToArray();
        var local = documents.Where(d => d.StartsWith(RepositoryFiles.Root, StringComparison.Ordinal)).ToArray();

        documents.Should().Contain(d => d.EndsWith(".cs", StringComparison.Ordinal));
        if (ciBuild)
        {
            local.Should().BeEmpty(".ci/run builds with ContinuousIntegrationBuild, so packages carry no local paths");
            documents.Should().OnlyContain(d => d.StartsWith("/_/", StringComparison.Ordinal));
        }
        else
        {
            local.Should().NotBeEmpty("a local build keeps local paths: this check sees them when they are there");
        }
    }

    private string PackagePath(string package, string extension) => Path.Combine(_work, $"{package}.{_version}.{extension}");

    private string Entry(string package, string name)
    {
        using var zip = ZipFile.OpenRead(PackagePath(package, "nupkg"));
        var entry = zip.GetEntry(name) ?? throw new AssertionException($"{package} has no {name}");
        using var text = new StreamReader(entry.Open());
        return text.ReadToEnd();
    }

    private static bool IsAbsolute(string link) =>
        link.StartsWith("https://", StringComparison.Ordinal) || link.StartsWith('#') || link.StartsWith("mailto:", StringComparison.Ordinal);

    private static string? Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value;

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
