using Microsoft.Extensions.Logging;

namespace MarketData.Client.Diagnostics;

/// <summary>Every log line of the SDK, source-generated. Paths and URLs passed here never carry the API key.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Sending {Method} {Path}")]
    public static partial void RequestStarting(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Received HTTP {StatusCode} for {Method} {Path} in {ElapsedMs:0.0} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Retrying {Path} (attempt {Attempt}) in {DelayMs:0} ms after error {RawCode} ({Code})")]
    public static partial void RetryScheduled(ILogger logger, string path, int attempt, double delayMs, string rawCode, ErrorCode code);

    /// <summary>
    /// A REST call failed and the exception goes to the caller. Azure's rule: a failure thrown to the caller is Warning
    /// at most, Information when the caller caused it (a 2xxx code: invalid parameters, symbol not found...).
    /// </summary>
    public static void RequestFailed(ILogger logger, string method, string path, MarketDataException error) =>
        RequestFailed(logger, FailureLevel(error), method, path, error.Code, error.RawCode, error.Message);

    /// <summary>The level of a failure thrown to the caller.</summary>
    internal static LogLevel FailureLevel(MarketDataException error) =>
        error.Category == ErrorCategory.InvalidRequest ? LogLevel.Information : LogLevel.Warning;

    [LoggerMessage(EventId = 1003, Message = "Request {Method} {Path} failed with {Code} ({RawCode}): {Error}")]
    private static partial void RequestFailed(ILogger logger, LogLevel level, string method, string path, ErrorCode code, string rawCode, string error);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Stream connecting to {Url}")]
    public static partial void StreamConnecting(ILogger logger, string url);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Stream connected to {Url}")]
    public static partial void StreamConnected(ILogger logger, string url);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Stream disconnected ({Reason}); reconnect attempt {Attempt} in {DelayMs:0} ms")]
    public static partial void StreamReconnecting(ILogger logger, string reason, int attempt, double delayMs);

    /// <summary>An error the stream reports on its Error event or with its close, or a fault it recovers from: Warning (the app sees it).</summary>
    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Stream error {Code} ({RawCode}): {Error}")]
    public static partial void StreamError(ILogger logger, ErrorCode code, string rawCode, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Stream closed")]
    public static partial void StreamClosed(ILogger logger);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Stream resubscribe of {Channel} {Count} symbols failed: {Code} ({RawCode})")]
    public static partial void ResubscribeFailed(ILogger logger, string channel, int count, ErrorCode code, string rawCode);

    /// <summary>An application event handler threw and the stream swallowed it: Error, since nobody else will see it.</summary>
    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "A stream {Event} handler threw and the exception was swallowed: {Error}")]
    public static partial void StreamHandlerFailed(ILogger logger, string @event, string error);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Stream sent {Command} for {Channel} ({Count} symbols)")]
    public static partial void StreamCommandSent(ILogger logger, string command, string channel, int count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "The market-data HttpClient has its own retry layer ({Handler}) under the SDK's retries ({SdkAttempts} attempts per call): the attempts multiply. Keep one layer: remove that handler, or set MarketDataClientOptions.Resilience.Enabled = false (docs/resilience.md)")]
    public static partial void RetryLayersStacked(ILogger logger, string handler, int sdkAttempts);
}
