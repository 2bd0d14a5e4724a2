namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// The API key every REST test sends: distinctive enough that finding it (or its URL-escaped forms) in any
/// captured string is proof of a leak. It contains '+', '/' and '=' so that its escaped forms differ from it.
/// </summary>
internal static class SentinelKey
{
    public const string Value = "sk_SENTINEL+7f3a/9cQ=Zx";

    /// <summary>The key as it would appear in a URL (the SDK never puts it there; a server may echo it so).</summary>
    public static string Escaped { get; } = Uri.EscapeDataString(Value);

    /// <summary>Whether <paramref name="text"/> contains the key, its URL-escaped or base64 form, or any 10 consecutive characters of them (a cut-off key is a leak too), ignoring case.</summary>
    public static bool Leaks(string? text) =>
        text is not null && Fragments.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] Fragments =
    [
        .. new[] { Value, Escaped, Escaped.Replace("%20", "+", StringComparison.Ordinal), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Value)) }
            .SelectMany(form => Enumerable.Range(0, form.Length - 9).Select(i => form.Substring(i, 10)))
            .Distinct(StringComparer.OrdinalIgnoreCase),
    ];
}
