using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using MarketData.Client.Tests.Docs;

namespace MarketData.Client.Tests.Packaging;

/// <summary>
/// Packs MarketData.Client and MarketData.Client.Testing, installs them from a local folder into a throwaway
/// console app, and runs it against the simulator: the packages work the way apps consume them. A net8.0 consumer
/// gets the library's net8.0 dependency floor (docs/getting-started.md, "Supported frameworks and dependency floors").
/// </summary>
[Category("Packaging")]
[NonParallelizable]
public sealed class PackageConsumptionTests
{
    private string _work = null!;
    private (string Feed, string Version)? _packed;

    [OneTimeSetUp]
    public void CreateWorkFolder() => _work = Directory.CreateTempSubdirectory("marketdata-pack-").FullName;

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

    [Test]
    public async Task Packed_packages_install_from_a_folder_and_run_against_the_simulator()
    {
        var (feed, version) = await PackOnceAsync();
        var library = Path.Combine(feed, $"MarketData.Client.{version}.nupkg");
        File.Exists(library).Should().BeTrue();
        File.Exists(Path.Combine(feed, $"MarketData.Client.{version}.snupkg")).Should().BeTrue("symbols are packed too");
        using (var package = ZipFile.OpenRead(library))
        {
            var entries = package.Entries.Select(e => e.FullName).ToList();
            entries.Should().Contain("README.md");
            entries.Should().Contain(["lib/net8.0/MarketData.Client.dll", "lib/net8.0/MarketData.Client.xml", "lib/net10.0/MarketData.Client.dll", "lib/net10.0/MarketData.Client.xml"]);
            using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = await nuspec.ReadToEndAsync();
            manifest.Should().Contain("<license type=\"expression\">MIT</license>").And.Contain("<readme>README.md</readme>").And.Contain("<repository ");
        }

        var app = await CreateConsumerAsync("app", "net10.0", "<NoWarn>NU1603</NoWarn>", "MarketData.Client", "MarketData.Client.Testing");
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using MarketData.Client;
            using MarketData.Client.Testing;

            await using var sim = await MarketDataSimulator.StartAsync();
            using var client = new MarketDataClient(new MarketDataClientOptions { ApiKey = sim.ApiKey, BaseAddress = sim.BaseAddress });
            var tickers = await client.GetTickersAsync(["AAPL.US", "700.HK"]);
            try
            {
                await new MarketDataClient(new MarketDataClientOptions { ApiKey = "wrong-key", BaseAddress = sim.BaseAddress }).GetTickersAsync(["AAPL.US"]);
            }
            catch (InvalidApiKeyException ex)
            {
                Console.WriteLine($"typed error {ex.RawCode}");
            }

            Console.WriteLine($"PACKAGE-OK {tickers.Count} {tickers[0].LastPrice > 0}");
            """);
        var output = await Dotnet(app, "run", "-c", "Release");

        output.Should().Contain("typed error 1001");
        output.Should().Contain("PACKAGE-OK 2 True");
    }

    [Test]
    public async Task A_net8_consumer_restores_no_Microsoft_Extensions_package_above_8()
    {
        // TreatWarningsAsErrors: a floor with a known vulnerability (NU1901-NU1904) fails the restore too.
        var app = await CreateConsumerAsync("net8-app", "net8.0", "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", "MarketData.Client");

        await Dotnet(app, "restore");

        using var assets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json")));
        var resolved = assets.RootElement.GetProperty("targets").GetProperty("net8.0").EnumerateObject()
            .Select(p => p.Name.Split('/'))
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var extensions = resolved.Where(p => p.Key.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)).ToList();
        extensions.Should().NotBeEmpty();
        extensions.Should().OnlyContain(p => p.Value.StartsWith("8.", StringComparison.Ordinal), "a net8.0 app gets the library's 8.x floor");
        var floors = CentralVersions(tfmCondition: "'$(TargetFramework)' == 'net8.0'");
        resolved["Microsoft.Extensions.Http"].Should().Be(floors["Microsoft.Extensions.Http"], "the library's floor, not a newer 8.0.x");
        resolved["Polly.Core"].Should().Be(CentralVersions(tfmCondition: null)["Polly.Core"]);
    }

    /// <summary>The PackageVersion items of Directory.Packages.props in the ItemGroup with the given condition (none: unconditioned).</summary>
    private static Dictionary<string, string> CentralVersions(string? tfmCondition) =>
        XDocument.Load(RepositoryFiles.Path("Directory.Packages.props")).Root!.Elements("ItemGroup")
            .Where(g => (string?)g.Attribute("Condition") == tfmCondition)
            .SelectMany(g => g.Elements("PackageVersion"))
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);

    /// <summary>Packs both packages into a local folder once for the fixture, with a version no feed has.</summary>
    private async Task<(string Feed, string Version)> PackOnceAsync()
    {
        if (_packed is { } packed)
        {
            return packed;
        }

        var configuration = TestContext.CurrentContext.TestDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var version = $"0.0.0-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        foreach (var project in new[] { "MarketData.Client", "MarketData.Client.Testing" })
        {
            await Dotnet(RepositoryFiles.Root, "pack", RepositoryFiles.Path("src", project, project + ".csproj"),
                "-c", configuration, "--no-build", "-o", feed, $"-p:Version={version}");
        }

        _packed = (feed, version);
        return (feed, version);
    }

    /// <summary>
    /// A console app outside the repository (no Directory.Build.props or central versions apply, as in a real app)
    /// referencing the packed packages; its nuget.config is the repository's plus the local feed.
    /// </summary>
    private async Task<string> CreateConsumerAsync(string name, string targetFramework, string properties, params string[] packageIds)
    {
        var (feed, version) = await PackOnceAsync();
        var app = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        var config = XDocument.Load(RepositoryFiles.Path("nuget.config"));
        config.Root!.Element("packageSources")!.Element("clear")!.AddAfterSelf(new XElement("add", new XAttribute("key", "local"), new XAttribute("value", feed)));
        config.Save(Path.Combine(app, "nuget.config"));
        var references = string.Concat(packageIds.Select(id => $"""<PackageReference Include="{id}" Version="{version}" />"""));
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {properties}
              </PropertyGroup>
              <ItemGroup>{references}</ItemGroup>
            </Project>
            """);
        return app;
    }

    internal static async Task<string> Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Do not inherit the test run's MSBuild state.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var text = await stdout + await stderr;
        process.ExitCode.Should().Be(0, $"dotnet {string.Join(' ', args)} failed:\n{text}");
        return text;
    }
}
