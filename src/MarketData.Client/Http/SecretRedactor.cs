namespace MarketData.Client.Http;

/// <summary>Removes the API key (verbatim and URL-escaped) from any text the SDK puts in a message or a log.</summary>
internal sealed class SecretRedactor
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public SecretRedactor(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            _secrets = [];
            return;
        }

        var escaped = Uri.EscapeDataString(secret);
        var formEscaped = escaped.Replace("%20", "+", StringComparison.Ordinal);
        _secrets = new[] { secret, escaped, formEscaped, escaped.ToLowerInvariant() }
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public static SecretRedactor None { get; } = new(null);

    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _secrets.Length == 0)
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.OrdinalIgnoreCase))
            {
                text = text.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase);
            }
        }

        return text;
    }
}
