using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MarketData.Client.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;

namespace MarketData.Client.Benchmarks.Micro;

/// <summary>
/// What resilience costs a REST call that succeeds first time, default options (60 s total, 10 s per attempt, 3 retries).
/// Baseline: the former path, the first attempt outside Polly with the timeouts as linked <see cref="CancellationTokenSource"/>s
/// (<c>CancelAfter</c>). Against it, both with a pooled context carrying path and deadline as <c>RestTransport</c> sets them:
/// the SDK's path (<see cref="RestResiliencePipeline"/>: Polly's total and per-attempt timeout strategies, the first attempt
/// outside the retry strategy), and every attempt inside the retry strategy (what dropping the first-attempt bypass would
/// cost). Two categories: an attempt that completes synchronously (the machinery's own cost) and one that completes
/// asynchronously (as a real HTTP call does, so any state-machine boxing shows up in the allocations).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ResiliencePipelineBenchmarks
{
    private const string Path = "/v1/market/ticker";
    private static readonly MarketDataResilienceOptions Defaults = new();
    private readonly CancellationTokenSource _disposed = new();
    private RestResiliencePipeline _sdk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sdk = RestResiliencePipeline.Build(Defaults, TimeProvider.System, NullLogger.Instance);
        if (_sdk.Retry is null || !_sdk.FirstAttemptOutsideRetry)
        {
            throw new InvalidOperationException("The default options built no retry; this benchmark would measure nothing.");
        }
    }

    [BenchmarkCategory("SyncAttempt"), Benchmark(Baseline = true, Description = "Linked-token timeouts, no pipeline (former first attempt)")]
    public ValueTask<int> SyncLinkedTokens() => LinkedTokensAsync(static (_, ct) => SyncAttempt(ct));

    [BenchmarkCategory("SyncAttempt"), Benchmark(Description = "SDK: Polly timeouts, first attempt outside the retry")]
    public ValueTask<int> SyncSdk() => PipelineAsync(static ct => SyncAttempt(ct), insideRetry: false);

    [BenchmarkCategory("SyncAttempt"), Benchmark(Description = "Polly timeouts, every attempt inside the retry")]
    public ValueTask<int> SyncInsideRetry() => PipelineAsync(static ct => SyncAttempt(ct), insideRetry: true);

    [BenchmarkCategory("AsyncAttempt"), Benchmark(Baseline = true, Description = "Linked-token timeouts, no pipeline (former first attempt)")]
    public ValueTask<int> AsyncLinkedTokens() => LinkedTokensAsync(static (_, ct) => AsyncAttempt(ct));

    [BenchmarkCategory("AsyncAttempt"), Benchmark(Description = "SDK: Polly timeouts, first attempt outside the retry")]
    public ValueTask<int> AsyncSdk() => PipelineAsync(static ct => AsyncAttempt(ct), insideRetry: false);

    [BenchmarkCategory("AsyncAttempt"), Benchmark(Description = "Polly timeouts, every attempt inside the retry")]
    public ValueTask<int> AsyncInsideRetry() => PipelineAsync(static ct => AsyncAttempt(ct), insideRetry: true);

    /// <summary>The former RestTransport: a linked source per call and per attempt, each with CancelAfter.</summary>
    private async ValueTask<int> LinkedTokensAsync(Func<int, CancellationToken, ValueTask<int>> attempt)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None, _disposed.Token);
        call.CancelAfter(Defaults.TotalTimeout);
        using var one = CancellationTokenSource.CreateLinkedTokenSource(call.Token);
        one.CancelAfter(Defaults.AttemptTimeout);
        return await attempt(0, one.Token);
    }

    /// <summary>RestTransport.SendAsync's shape: pooled context, path and deadline, Polly's outcome-based API, the call pipeline, each attempt in the attempt pipeline.</summary>
    private async ValueTask<int> PipelineAsync(Func<CancellationToken, ValueTask<int>> attempt, bool insideRetry)
    {
        var context = ResilienceContextPool.Shared.Get(_disposed.Token);
        try
        {
            context.Properties.Set(RestResiliencePipeline.RequestPathKey, Path);
            context.Properties.Set(RestResiliencePipeline.DeadlineKey, TimeProvider.System.GetUtcNow() + Defaults.TotalTimeout);
            var state = (Pipeline: _sdk, Attempt: attempt);
            var outcome = insideRetry
                ? await _sdk.Call.ExecuteOutcomeAsync(static (ctx, s) => s.Pipeline.Retry!.ExecuteOutcomeAsync(static (c, t) => AttemptAsync(c, t), ctx, s), context, state)
                : await _sdk.Call.ExecuteOutcomeAsync(static (ctx, s) => AttemptAsync(ctx, s), context, state);
            outcome.ThrowIfException();
            return outcome.Result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<int>> AttemptAsync(ResilienceContext context, (RestResiliencePipeline Pipeline, Func<CancellationToken, ValueTask<int>> Attempt) s)
    {
        var outcome = await s.Pipeline.Attempt.ExecuteOutcomeAsync(static (ctx, a) => OutcomeOf(a(ctx.CancellationToken)), context, s.Attempt);
        return outcome.Exception is TimeoutRejectedException ex ? Outcome.FromException<int>(new TimeoutException("attempt", ex)) : outcome;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<int>> OutcomeOf(ValueTask<int> attempt)
    {
        try
        {
            return Outcome.FromResult(await attempt);
        }
        catch (Exception ex)
        {
            return Outcome.FromException<int>(ex);
        }
    }

    private static ValueTask<int> SyncAttempt(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new ValueTask<int>(42);

    private static async ValueTask<int> AsyncAttempt(CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return 42;
    }
}
