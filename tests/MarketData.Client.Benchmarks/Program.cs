using BenchmarkDotNet.Running;
using MarketData.Client.Benchmarks.Runner;

// dotnet run -c Release --project tests/MarketData.Client.Benchmarks -- <BenchmarkDotNet args>   micro-benchmarks
// dotnet run -c Release --project tests/MarketData.Client.Benchmarks -- throughput [stream|rest|memory|latency]
// See docs/performance.md.
if (RunnerMain.Handles(args))
{
    return await RunnerMain.RunAsync(args);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(RunnerMain).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
