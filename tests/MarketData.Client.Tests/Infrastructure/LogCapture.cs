using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// An <see cref="ILoggerProvider"/> that keeps every line logged at any level: the formatted message, every
/// structured value, every scope and the exception's <c>ToString()</c>, so a test can search all of it.
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly ConcurrentQueue<LogRecord> _records = new();

    /// <summary>Every log call, with its level and event id.</summary>
    public IReadOnlyList<LogRecord> Records => [.. _records];

    /// <summary>Every captured string (messages, values, scopes, exceptions).</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>The formatted messages only, as "Level Category: message".</summary>
    public IReadOnlyList<string> Messages => [.. _entries.Where(e => e.StartsWith("msg ", StringComparison.Ordinal))];

    /// <summary>A logger factory at Trace that writes only here.</summary>
    public ILoggerFactory CreateFactory() =>
        LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(categoryName, this);

    public void Dispose()
    {
    }

    private void Add(string text) => _entries.Enqueue(text);

    private void AddValues(object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                Add($"value {key}={value}");
            }
        }
    }

    private sealed class CaptureLogger(string category, LogCapture owner) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Add($"scope {category}: {state}");
            owner.AddValues(state);
            return NullScope.Instance;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._records.Enqueue(new LogRecord(logLevel, eventId.Id, category, formatter(state, exception)));
            owner.Add($"msg {logLevel} {category}: {formatter(state, exception)}");
            owner.AddValues(state);
            if (exception is not null)
            {
                owner.Add("exception " + exception);
            }
        }
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>One captured log call.</summary>
internal sealed record LogRecord(LogLevel Level, int EventId, string Category, string Message);
