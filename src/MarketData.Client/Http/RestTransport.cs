using System.Diagnostics;
using System.Net;
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
internal sealed class RestTransport
{
    internal const string ApiKeyHeader = "X-API-Key";

    private readonly HttpClient _http;
    private readonly MarketDataClientOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;

    public RestTransport(HttpClient http, MarketDataClientOptions options, ILogger logger)
    {
        _http = http;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
        _redactor = new SecretRedactor(options.ApiKey);
        _pipeline = RestResiliencePipeline.Build(options.Resilience, _time, logger);
    }

    public async Task<T> SendAsync<T>(RestRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var totalTimeout = _options.Resilience.TotalTimeout;
        using var total = totalTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(totalTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token);

        var context = ResilienceContextPool.Shared.Get(linked.Token);
        var path = request.PathAndQuery;
        context.Properties.Set(RestResiliencePipeline.RequestPathKey, request.Path);
        if (totalTimeout != Timeout.InfiniteTimeSpan)
        {
            context.Properties.Set(RestResiliencePipeline.DeadlineKey, _time.GetUtcNow() + totalTimeout);
        }

        using var activity = MarketDataTelemetry.ActivitySource.StartActivity($"{request.Method.Method} {request.Path}", ActivityKind.Client);
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("url.path", request.Path);
        var started = _time.GetTimestamp();
        try
        {
            var state = (Transport: this, Request: request, TypeInfo: typeInfo, Caller: cancellationToken);
            var result = await _pipeline.ExecuteAsync(
                static (ctx, s) => s.Transport.AttemptAsync(s.Request, s.TypeInfo, s.Caller, ctx.CancellationToken),
                context,
                state).ConfigureAwait(false);
            Record(request, started, null);
            return result;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The call's own deadline, not the caller.
            var timeout = new MarketDataTimeoutException(
                new MarketDataErrorDetails(ErrorCode.Timeout) { RequestPath = request.Path, ServerMessage = $"The call did not complete within {totalTimeout.TotalSeconds:0.###} s." },
                totalTimeout,
                ex);
            Fail(request, path, started, timeout, activity);
            throw timeout;
        }
        catch (MarketDataException ex)
        {
            Fail(request, path, started, ex, activity);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A custom pipeline's own rejection (circuit open, rate limiter, timeout...): still a typed exception.
            var wrapped = new MarketDataTransportException(
                new MarketDataErrorDetails(ErrorCode.TransportFailure) { RequestPath = request.Path, ServerMessage = _redactor.Redact(ex.Message) },
                ex);
            Fail(request, path, started, wrapped, activity);
            throw wrapped;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<T> AttemptAsync<T>(RestRequest request, JsonTypeInfo<T> typeInfo, CancellationToken caller, CancellationToken callToken)
    {
        var attemptTimeout = _options.Resilience.AttemptTimeout;
        using var attemptTimer = attemptTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(attemptTimeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(callToken, attemptTimer.Token);
        var path = request.PathAndQuery;
        HttpStatusCode? status = null;
        try
        {
            using var message = new HttpRequestMessage(request.Method, request.BuildUri(_options.BaseAddress));
            message.Headers.TryAddWithoutValidation(ApiKeyHeader, _options.ApiKey);
            message.Headers.Accept.ParseAdd("application/json");
            Log.RequestStarting(_logger, request.Method.Method, path);
            var started = _time.GetTimestamp();
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            status = response.StatusCode;
            using var body = await ResponseBodyReader.ReadAsync(response.Content, _options.MaxResponseBytes, attempt.Token).ConfigureAwait(false);
            Log.RequestCompleted(_logger, request.Method.Method, path, (int)response.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds);
            var reply = new ReplyContext(response.StatusCode, request.Path, RetryAfterParser.Parse(response.Headers, _time.GetUtcNow()), _redactor);
            return response.IsSuccessStatusCode
                ? EnvelopeReader.Read(body.Span, typeInfo, reply)
                : throw EnvelopeReader.ReadError(body.Span, reply);
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested && !callToken.IsCancellationRequested)
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
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            throw new MarketDataTransportException(
                new MarketDataErrorDetails(ErrorCode.TransportFailure) { RequestPath = request.Path, StatusCode = status, ServerMessage = _redactor.Redact(ex.Message), IsTransient = true },
                ex);
        }
    }

    private void Record(RestRequest request, long started, MarketDataException? error)
    {
        var tags = new TagList
        {
            { "http.request.method", request.Method.Method },
            { "url.path", request.Path },
        };
        if (error is not null)
        {
            tags.Add("error.type", error.Code.ToString());
        }

        MarketDataTelemetry.RequestDuration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
    }

    private void Fail(RestRequest request, string path, long started, MarketDataException error, Activity? activity)
    {
        Record(request, started, error);
        activity?.SetStatus(ActivityStatusCode.Error, error.Code.ToString());
        activity?.SetTag("error.type", error.Code.ToString());
        Log.RequestFailed(_logger, request.Method.Method, path, error.Code, error.RawCode, error.Message);
    }
}
