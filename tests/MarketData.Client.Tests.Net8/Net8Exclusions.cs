using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

[assembly: MarketData.Client.Tests.Net8.Net8Exclusions]

namespace MarketData.Client.Tests.Net8;

/// <summary>
/// The tests of the shared suite that the net8.0 run reports as skipped instead of running, by category, each with
/// its reason. Everything else in tests/MarketData.Client.Tests runs on .NET 8 as it does on .NET 10.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class Net8ExclusionsAttribute : Attribute, ITestAction
{
    private static readonly Dictionary<string, string> Excluded = new(StringComparer.Ordinal)
    {
        // PackageConsumptionTests packs the libraries with the .NET 10 SDK and runs a net10.0 console app that
        // consumes the packages: no code of that test runs on the runtime hosting the test, so a pass here would
        // claim .NET 8 coverage it does not give, and it would repeat the net10.0 run's packaging check verbatim.
        ["Packaging"] = "net8.0 run: the packaging test builds and runs a net10.0 app with the .NET 10 SDK, nothing of it runs on .NET 8; it runs in the net10.0 run (dotnet test)",
    };

    public ActionTargets Targets => ActionTargets.Test;

    public void BeforeTest(ITest test)
    {
        for (var node = test; node is not null; node = node.Parent)
        {
            foreach (var category in node.Properties[PropertyNames.Category].OfType<string>())
            {
                if (Excluded.TryGetValue(category, out var reason))
                {
                    Assert.Ignore(reason);
                }
            }
        }
    }

    public void AfterTest(ITest test)
    {
    }
}
