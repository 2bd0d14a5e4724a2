using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using MarketData.Client.Testing;

namespace MarketData.Client.Tests.Net8;

/// <summary>
/// Proves that the net8.0 run is what it claims: the suite runs on the .NET 8 runtime the project pins (not on the
/// .NET 10 runtime installed on the machine) against the net8.0 builds of both library assemblies. Compiled only into
/// MarketData.Client.Tests.Net8.
/// </summary>
public sealed class Net8RuntimeTests
{
    [Test]
    public void The_suite_runs_on_the_pinned_dotnet_8_runtime()
    {
        var pinned = typeof(Net8RuntimeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Net8RuntimeVersion").Value;
        TestContext.Progress.WriteLine($"net8.0 run: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier}), runtime loaded from {Path.GetDirectoryName(typeof(object).Assembly.Location)}");

        RuntimeInformation.FrameworkDescription.Should().StartWith(".NET 8.");
        Environment.Version.ToString(3).Should().Be(pinned);
        // Self-contained: the runtime is loaded from the app's folder, not from a shared framework install.
        Path.GetDirectoryName(typeof(object).Assembly.Location).Should().Be(Path.GetDirectoryName(typeof(Net8RuntimeTests).Assembly.Location));
    }

    [TestCase(typeof(MarketDataClient))]
    [TestCase(typeof(MarketDataSimulator))]
    public void The_library_assemblies_are_their_net8_builds(Type type)
    {
        var framework = type.Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;

        framework.Should().Be(".NETCoreApp,Version=v8.0", $"{type.Assembly.Location} must be the net8.0 build");
    }
}
