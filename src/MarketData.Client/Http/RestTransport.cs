using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using MarketData.Client.Diagnostics;
using MarketData.Client.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace MarketData.Client.Http;

/// <summary>
/// Sends one REST call through the Polly pipelines of <see cref="RestResiliencePipeline"/> (total timeout, retry,
/// per-attempt timeout): the API key in a header, the body read within limits and turned into a typed result or a
/// typed exception. Polly's timeouts surface as <see cref="MarketDataTimeoutException"/>, the caller's cancellation
/// as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class RestTransport
{
    internal const string ApiKeyHeader = "X-API-Key";

    private readonly HttpClient _http;
    private readonly MarketDataClientOptions _options;
    private readonly RestResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;
    private readonly string _baseAddress;
    private readonly CancellationToken _disposed;
    private readonly bool _propagateTraceContext;
    private readonly MarketDataTelemetry _telemetry;

    /// <param name="http">The client to send with.</param>
    /// <param name="options">The options in force.</param>
    /// <param name="logger">Where the transport logs.</param>
    /// <param name="disposed">Cancelled when the client is disposed.</param>
    /// <param name="propagateTraceContext">
    /// True when the handler under <paramref name="http"/> has no propagator (the SDK's own, see
    /// <see cref="MarketDataClient.CreateHandler"/>): the transport then writes the W3C trace headers itself.
    /// </param>
    /// <param name="telemetry">The instruments to record to.</param>
    public RestTransport(HttpClient http, MarketDataClientOptions options, ILogger logger, CancellationToken disposed, bool propagateTraceContext = false, MarketDataTelemetry? telemetry = null)
    {
        _telemetry = telemetry ?? MarketDataTelemetry.Shared;
        _disposed = disposed;
        _propagateTraceContext = propagateTraceContext;
        _http = http;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
        _redactor = new SecretRedactor(options.ApiKey);
        _pipeline = RestResiliencePipeline.Build(options.Resilience, _time, logger, _telemetry);
        _baseAddress = options.BaseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public async Task<T> SendAsync<T>(RestRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var totalTimeout = _options.Resilience.TotalTimeout;
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed) : null;
        var context = ResilienceContextPool.Shared.Get(linked?.Token ?? _disposed);
        context.Properties.Set(RestResiliencePipeline.RequestPathKey, request.Path);
        if (totalTimeout != Timeout.InfiniteTimeSpan)
        {
            context.Properties.Set(RestResiliencePipeline.DeadlineKey, _time.GetUtcNow() + totalTimeout);
        }

        var uri = request.BuildUri(_baseAddress);
        using var activity = MarketDataTelemetry.ActivitySource.HasListeners()
            ? MarketDataTelemetry.ActivitySource.StartActivity(request.Method.Method + " " + request.Path, ActivityKind.Internal)
            : null;
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("url.path", request.Path);
        var started = _time.GetTimestamp();
        try
        {
            // Outcome-based execution (Polly's low-allocation API): no exception is thrown through the strategies.
            var outcome = await _pipeline.Call.ExecuteOutcomeAsync(
                static (ctx, call) => call.Transport.AttemptsAsync(ctx, call),
                context,
                new Call<T>(this, request, uri, typeInfo, cancellationToken)).ConfigureAwait(false);
            outcome.ThrowIfException();
            var result = outcome.Result!;
            Record(request, started, null);
            return result;
        }
        catch (TimeoutRejectedException ex) when (ex.TelemetrySource?.StrategyName == RestResiliencePipeline.TotalTimeoutName)
        {
            // The call's own deadline (Polly's total timeout strategy), not the caller.
            var timeout = new MarketDataTimeoutException(
                new MarketDataErrorDetails(ErrorCode.Timeout) { RequestPath = request.Path, ServerMessage = $"The call did not complete within {totalTimeout.TotalSeconds:0.###} s." },
                totalTimeout,
                ex);
            Fail(request, started, timeout, activity);
            throw timeout;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Disposed();
        }
        catch (MarketDataException ex)
        {
            Fail(request, started, ex, activity);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
        {
            // A custom pipeline's own rejection (circuit open, rate limiter, timeout...): still a typed exception.
            var wrapped = new MarketDataTransportException(
                new MarketDataErrorDetails(ErrorCode.TransportFailure) { RequestPath = request.Path, ServerMessage = _redactor.Redact(ex.Message) },
                ex);
            Fail(request, started, wrapped, activity);
            throw wrapped;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            request.Release();
        }
    }

    /// <summary>
    /// The attempts of one call, inside its total timeout. With the SDK's own retry the first attempt runs outside Polly's
    /// retry strategy (no retry state on a first-time success); a transient failure enters the retry as its attempt 0.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<T>> AttemptsAsync<T>(ResilienceContext context, Call<T> call)
    {
        if (_pipeline.Retry is not { } retry)
        {
            return await AttemptAsync(context, call).ConfigureAwait(false);
        }

        if (!_pipeline.FirstAttemptOutsideRetry)
        {
            return await retry.ExecuteOutcomeAsync(static (ctx, c) => c.Transport.AttemptAsync(ctx, c), context, call).ConfigureAwait(false);
        }

        var first = await AttemptAsync(context, call).ConfigureAwait(false);
        return TransientErrorPredicate.IsTransient(first)
            ? await retry.ExecuteOutcomeAsync(static (ctx, r) => r.NextAsync(ctx), context, new Retried<T>(call, (MarketDataException)first.Exception!)).ConfigureAwait(false)
            : first;
    }

    /// <summary>One attempt inside Polly's per-attempt timeout; that timeout becomes a transient <see cref="MarketDataTimeoutException"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<T>> AttemptAsync<T>(ResilienceContext context, Call<T> call)
    {
        var outcome = await _pipeline.Attempt.ExecuteOutcomeAsync(
            static (ctx, c) => c.Transport.SendOnceAsync(c, ctx.CancellationToken),
            context,
            call).ConfigureAwait(false);
        return outcome.Exception is TimeoutRejectedException timeout
            ? Outcome.FromException<T>(AttemptTimeout(call.Request, null, timeout))
            : outcome;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<T>> SendOnceAsync<T>(Call<T> call, CancellationToken attempt)
    {
        try
        {
            return Outcome.FromResult(await SendCoreAsync(call, attempt).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            // Polly's outcome-based API takes failures as outcomes, not thrown through its strategies.
            return Outcome.FromException<T>(ex);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<T> SendCoreAsync<T>(Call<T> call, CancellationToken attempt)
    {
        var (_, request, uri, typeInfo, caller) = call;
        HttpStatusCode? status = null;
        try
        {
            using var message = new HttpRequestMessage(request.Method, uri);
            message.Headers.TryAddWithoutValidation(ApiKeyHeader, _options.ApiKey);
            message.Headers.TryAddWithoutValidation("Accept", "application/json");
            if (_propagateTraceContext && Activity.Current is { } current)
            {
                DistributedContextPropagator.Current.Inject(current, message, static (carrier, name, value) =>
                    ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.RequestStarting(_logger, request.Method.Method, request.PathAndQuery);
            }

            var started = _time.GetTimestamp();
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt).ConfigureAwait(false);
            status = response.StatusCode;
            if (RedirectRefusal.IsRedirect(response.StatusCode))
            {
                throw RedirectRefusal.Create(response.StatusCode, response.Headers.Location, uri, request.Path, _redactor);
            }

            using var body = await ResponseBodyReader.ReadAsync(response.Content, _options.MaxResponseBytes, attempt).ConfigureAwait(false);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.RequestCompleted(_logger, request.Method.Method, request.PathAndQuery, (int)response.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds);
            }

            var reply = new HttpReply(response.StatusCode, request.Path, RetryAfterParser.Parse(response.Headers, _time.GetUtcNow()), _redactor);
            return response.IsSuccessStatusCode
                ? EnvelopeReader.Read(body.Span, typeInfo, reply, request.DataRequired)
                : throw reply.ToException(body.Span);
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested && !attempt.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            // The HttpClient's own Timeout: transient, like the attempt's (Polly's timeout strategy turns its own cancellation into TimeoutRejectedException).
            throw AttemptTimeout(request, status, ex);
        }
        catch (BodyTooLargeException ex)
        {
            throw new MarketDataTransportException(
                new MarketDataErrorDetails(ErrorCode.TransportFailure) { RequestPath = request.Path, StatusCode = status, ServerMessage = ex.Message, IsTransient = false },
                ex);
        }
        catch (ObjectDisposedException) when (_disposed.IsCancellationRequested)
        {
            throw Disposed();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            throw new MarketDataTransportException(
                new MarketDataErrorDetails(ErrorCode.TransportFailure) { RequestPath = request.Path, StatusCode = status, ServerMessage = _redactor.Redact(ex.Message), IsTransient = true },
                ex);
        }
    }

    private MarketDataTimeoutException AttemptTimeout(RestRequest request, HttpStatusCode? status, Exception inner)
    {
        var timeout = _options.Resilience.AttemptTimeout;
        return new MarketDataTimeoutException(
            new MarketDataErrorDetails(ErrorCode.Timeout) { RequestPath = request.Path, StatusCode = status, ServerMessage = $"No reply within {timeout.TotalSeconds:0.###} s." },
            timeout,
            inner);
    }

    private static ObjectDisposedException Disposed() =>
        new(nameof(MarketDataClient), "The client was disposed while the call was in flight.");

    private void Record(RestRequest request, long started, MarketDataException? error)
    {
        if (!_telemetry.RequestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "http.request.method", request.Method.Method },
            { "url.path", request.Path },
        };
        if (error is not null)
        {
            tags.Add("error.type", error.Code.ToString());
        }

        _telemetry.RequestDuration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
    }

    private void Fail(RestRequest request, long started, MarketDataException error, Activity? activity)
    {
        Record(request, started, error);
        activity?.SetStatus(ActivityStatusCode.Error, error.Code.ToString());
        activity?.SetTag("error.type", error.Code.ToString());
        Log.RequestFailed(_logger, request.Method.Method, request.PathAndQuery, error);
    }

    /// <summary>The retry of a call whose first attempt failed: that failure is the outcome of Polly's attempt 0, then real attempts.</summary>
    private sealed class Retried<T>(Call<T> call, MarketDataException first)
    {
        private MarketDataException? _first = first;

        public ValueTask<Outcome<T>> NextAsync(ResilienceContext context) =>
            Interlocked.Exchange(ref _first, null) is { } failure
                ? new ValueTask<Outcome<T>>(Outcome.FromException<T>(failure))
                : call.Transport.AttemptAsync(context, call);
    }

    /// <summary>What one call's attempts need (a struct: Polly passes it through without boxing).</summary>
    private readonly record struct Call<T>(RestTransport Transport, RestRequest Request, Uri Uri, JsonTypeInfo<T> TypeInfo, CancellationToken Caller);
}
