using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json.Serialization.Metadata;
using MarketData.Client.Diagnostics;
using MarketData.Client.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace MarketData.Client.Http;

/// <summary>
/// Sends one REST call: total timeout around the retry pipeline, per-attempt timeout around each attempt, the
/// API key in a header, the body read within limits and turned into a typed result or a typed exception.
/// </summary>
/// <remarks>
/// With the SDK's own pipeline the first attempt runs outside Polly (the success path costs no pipeline
/// allocation); a transient failure hands over to the pipeline, whose first attempt replays that failure so the
/// retry count, delays and Retry-After decisions are exactly Polly's. An app's own pipeline wraps every attempt.
/// </remarks>
internal sealed class RestTransport
{
    internal const string ApiKeyHeader = "X-API-Key";

    private readonly HttpClient _http;
    private readonly MarketDataClientOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly bool _firstAttemptOutsidePipeline;
    private readonly TimeProvider _time;
    private readonly bool _systemTime;
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
        _systemTime = ReferenceEquals(_time, TimeProvider.System);
        _logger = logger;
        _redactor = new SecretRedactor(options.ApiKey);
        _pipeline = RestResiliencePipeline.Build(options.Resilience, _time, logger, _telemetry);
        _firstAttemptOutsidePipeline = options.Resilience.Pipeline is null;
        _baseAddress = options.BaseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public async Task<T> SendAsync<T>(RestRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var totalTimeout = _options.Resilience.TotalTimeout;
        var deadline = totalTimeout == Timeout.InfiniteTimeSpan ? (DateTimeOffset?)null : _time.GetUtcNow() + totalTimeout;
        using var timer = _systemTime || deadline is null ? null : new CancellationTokenSource(totalTimeout, _time);
        using var call = timer is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed, timer.Token);
        if (timer is null && deadline is not null)
        {
            call.CancelAfter(totalTimeout);
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
            T result;
            if (_firstAttemptOutsidePipeline)
            {
                try
                {
                    result = await AttemptAsync(request, uri, typeInfo, cancellationToken, call.Token).ConfigureAwait(false);
                }
                catch (MarketDataException first) when (first.IsTransient && !ReferenceEquals(_pipeline, ResiliencePipeline.Empty))
                {
                    result = await RetryAsync(request, uri, typeInfo, first, deadline, cancellationToken, call.Token).ConfigureAwait(false);
                }
            }
            else
            {
                result = await RetryAsync(request, uri, typeInfo, null, deadline, cancellationToken, call.Token).ConfigureAwait(false);
            }

            Record(request, started, null);
            return result;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Disposed();
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The call's own deadline, not the caller.
            var timeout = new MarketDataTimeoutException(
                new MarketDataErrorDetails(ErrorCode.Timeout) { RequestPath = request.Path, ServerMessage = $"The call did not complete within {totalTimeout.TotalSeconds:0.###} s." },
                totalTimeout,
                ex);
            Fail(request, started, timeout, activity);
            throw timeout;
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
            request.Release();
        }
    }

    private async Task<T> RetryAsync<T>(RestRequest request, Uri uri, JsonTypeInfo<T> typeInfo, MarketDataException? first, DateTimeOffset? deadline, CancellationToken caller, CancellationToken callToken)
    {
        var context = ResilienceContextPool.Shared.Get(callToken);
        try
        {
            context.Properties.Set(RestResiliencePipeline.RequestPathKey, request.Path);
            if (deadline is { } d)
            {
                context.Properties.Set(RestResiliencePipeline.DeadlineKey, d);
            }

            var state = new RetryState<T>(this, request, uri, typeInfo, caller, first);
            return await _pipeline.ExecuteAsync(
                static (ctx, s) => s.NextAsync(ctx.CancellationToken),
                context,
                state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<T> AttemptAsync<T>(RestRequest request, Uri uri, JsonTypeInfo<T> typeInfo, CancellationToken caller, CancellationToken callToken)
    {
        var attemptTimeout = _options.Resilience.AttemptTimeout;
        var infinite = attemptTimeout == Timeout.InfiniteTimeSpan;
        using var timer = _systemTime || infinite ? null : new CancellationTokenSource(attemptTimeout, _time);
        using var attempt = timer is null
            ? CancellationTokenSource.CreateLinkedTokenSource(callToken)
            : CancellationTokenSource.CreateLinkedTokenSource(callToken, timer.Token);
        if (timer is null && !infinite)
        {
            attempt.CancelAfter(attemptTimeout);
        }

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
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            status = response.StatusCode;
            if (RedirectRefusal.IsRedirect(response.StatusCode))
            {
                throw RedirectRefusal.Create(response.StatusCode, response.Headers.Location, uri, request.Path, _redactor);
            }

            using var body = await ResponseBodyReader.ReadAsync(response.Content, _options.MaxResponseBytes, attempt.Token).ConfigureAwait(false);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.RequestCompleted(_logger, request.Method.Method, request.PathAndQuery, (int)response.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds);
            }

            var reply = new HttpReply(response.StatusCode, request.Path, RetryAfterParser.Parse(response.Headers, _time.GetUtcNow()), _redactor);
            return response.IsSuccessStatusCode
                ? EnvelopeReader.Read(body.Span, typeInfo, reply, request.DataRequired)
                : throw reply.ToException(body.Span);
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested && !callToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            // The attempt's timeout (or the HttpClient's own Timeout): transient.
            throw new MarketDataTimeoutException(
                new MarketDataErrorDetails(ErrorCode.Timeout) { RequestPath = request.Path, StatusCode = status, ServerMessage = $"No reply within {attemptTimeout.TotalSeconds:0.###} s." },
                attemptTimeout,
                ex);
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

    /// <summary>The pipeline's callback: replays the failure of the attempt made outside the pipeline, then attempts.</summary>
    private sealed class RetryState<T>(RestTransport transport, RestRequest request, Uri uri, JsonTypeInfo<T> typeInfo, CancellationToken caller, MarketDataException? first)
    {
        private MarketDataException? _first = first;

        public ValueTask<T> NextAsync(CancellationToken callToken)
        {
            if (Interlocked.Exchange(ref _first, null) is { } replay)
            {
                ExceptionDispatchInfo.Throw(replay);
            }

            return transport.AttemptAsync(request, uri, typeInfo, caller, callToken);
        }
    }
}
