using System.Text.Json;

namespace MarketData.Client;

/// <summary>
/// 5004: real-time data is temporarily unavailable. On a WebSocket subscribe it may be partial: the
/// properties say which symbols were subscribed, which failed, and which of those may be retried.
/// </summary>
public class RealtimeDataUnavailableException : ServiceException
{
    /// <summary>Creates the exception from the details of a failure.</summary>
    /// <param name="details">What is known about the failure; <c>data</c> may carry the partial result.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RealtimeDataUnavailableException(MarketDataErrorDetails details, Exception? innerException = null)
        : base(details, innerException)
    {
        var data = details.Data is { ValueKind: JsonValueKind.Object } d ? d : default;
        Channel = ReadString(data, "channel");
        SubscribedSymbols = ReadStrings(data, "symbols");
        FailedSymbols = ReadStrings(data, "failed_symbols");
        RetryableSymbols = ReadStrings(data, "retryable_symbols");
        Retryable = data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("retryable", out var r)
            && r.ValueKind == JsonValueKind.True;
    }

    /// <summary>The channel of the refused subscription, if the reply named it.</summary>
    public string? Channel { get; }

    /// <summary>The symbols that were subscribed despite the error.</summary>
    public IReadOnlyList<string> SubscribedSymbols { get; }

    /// <summary>The symbols that failed.</summary>
    public IReadOnlyList<string> FailedSymbols { get; }

    /// <summary>The failed symbols that may be retried; only these may be subscribed again.</summary>
    public IReadOnlyList<string> RetryableSymbols { get; }

    /// <summary>Whether the server said a retry may succeed.</summary>
    public bool Retryable { get; }

    private static string? ReadString(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static string[] ReadStrings(JsonElement data, string name)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } s)
            {
                list.Add(s);
            }
        }

        return [.. list];
    }
}
