using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MarketData.Client.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace MarketData.Client.Benchmarks.Micro;

/// <summary>
/// What the REST retry pipeline costs on a call that succeeds first time. Baseline: the attempt called directly.
/// SDK: <c>RestResiliencePipeline.Build(defaults)</c> executed with a pooled <c>ResilienceContext</c>, bare and as
/// <c>RestTransport</c> uses it (request path and deadline properties set). Two categories: an attempt that
/// completes synchronously (the pipeline's own cost) and one that completes asynchronously (as a real HTTP call
/// does, so any state-machine boxing in the pipeline shows up in the allocations).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ResiliencePipelineBenchmarks
{
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(60);
    private ResiliencePipeline _pipeline = ResiliencePipeline.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = RestResiliencePipeline.Build(new MarketDataResilienceOptions(), TimeProvider.System, NullLogger.Instance);
        if (ReferenceEquals(_pipeline, ResiliencePipeline.Empty))
        {
            throw new InvalidOperationException("The default options built the empty pipeline; this benchmark would measure nothing.");
        }
    }

    [BenchmarkCategory("SyncAttempt"), Benchmark(Baseline = true, Description = "No pipeline")]
    public ValueTask<int> SyncDirect() => SyncAttempt(CancellationToken.None);

    [BenchmarkCategory("SyncAttempt"), Benchmark(Description = "Pipeline, pooled context")]
    public ValueTask<int> SyncPipeline() => ExecuteAsync(static (ctx, s) => s.SyncAttempt(ctx.CancellationToken), withProperties: false);

    [BenchmarkCategory("SyncAttempt"), Benchmark(Description = "Pipeline as RestTransport (path + deadline)")]
    public ValueTask<int> SyncPipelineAsTransport() => ExecuteAsync(static (ctx, s) => s.SyncAttempt(ctx.CancellationToken), withProperties: true);

    [BenchmarkCategory("AsyncAttempt"), Benchmark(Baseline = true, Description = "No pipeline")]
    public ValueTask<int> AsyncDirect() => AsyncAttempt(CancellationToken.None);

    [BenchmarkCategory("AsyncAttempt"), Benchmark(Description = "Pipeline, pooled context")]
    public ValueTask<int> AsyncPipeline() => ExecuteAsync(static (ctx, s) => s.AsyncAttempt(ctx.CancellationToken), withProperties: false);

    [BenchmarkCategory("AsyncAttempt"), Benchmark(Description = "Pipeline as RestTransport (path + deadline)")]
    public ValueTask<int> AsyncPipelineAsTransport() => ExecuteAsync(static (ctx, s) => s.AsyncAttempt(ctx.CancellationToken), withProperties: true);

    private async ValueTask<int> ExecuteAsync(Func<ResilienceContext, ResiliencePipelineBenchmarks, ValueTask<int>> attempt, bool withProperties)
    {
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        try
        {
            if (withProperties)
            {
                context.Properties.Set(RestResiliencePipeline.RequestPathKey, "/v1/market/ticker");
                context.Properties.Set(RestResiliencePipeline.DeadlineKey, TimeProvider.System.GetUtcNow() + TotalTimeout);
            }

            return await _pipeline.ExecuteAsync(attempt, context, this);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ValueTask<int> SyncAttempt(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new ValueTask<int>(42);

    private async ValueTask<int> AsyncAttempt(CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return 42;
    }
}
