using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MarketData.Client.DocSnippets;

internal static class ObservabilitySnippets
{
    public static void Register(HostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource("MarketData.Client"))
            .WithMetrics(m => m.AddMeter("MarketData.Client"));
    }
}
