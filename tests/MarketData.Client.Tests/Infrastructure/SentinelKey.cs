namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// The API key every REST test sends: distinctive enough that finding it (or its URL-escaped forms) in any
/// captured string is proof of a leak. It contains '+', '/' and '=' so that its escaped forms differ from it.
/// </summary>
internal static class SentinelKey
{
    public const string Value = "sk_SENTINEL+7f3a/9cQ=Zx";

    /// <summary>Every spelling of the key that would count as a leak.</summary>
    public static IReadOnlyList<string> Forms { get; } =
    [
        Value,
        Uri.EscapeDataString(Value),
        Uri.EscapeDataString(Value).ToLowerInvariant(),
        Uri.EscapeDataString(Value).Replace("%20", "+", StringComparison.Ordinal),
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Value)),
        "SENTINEL+7f3a",
        "7f3a/9cQ",
    ];

    /// <summary>Whether <paramref name="text"/> contains the key in any spelling (ignoring case).</summary>
    public static bool Leaks(string? text) =>
        text is not null && Forms.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase));
}
