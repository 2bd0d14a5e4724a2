namespace MarketData.Client.Diagnostics;

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

    /// <summary>The length of the longest spelling of the secret (0 without a secret).</summary>
    public int MaxSecretLength => _secrets.Length == 0 ? 0 : _secrets[0].Length;

    /// <summary>
    /// Where to cut <paramref name="text"/> to about <paramref name="maxLength"/> characters without splitting a secret:
    /// a secret that starts before the cut and ends after it moves the cut to its end.
    /// </summary>
    public int SafeCut(string text, int maxLength)
    {
        var cut = Math.Min(text.Length, maxLength);
        foreach (var secret in _secrets)
        {
            var at = text.IndexOf(secret, Math.Max(0, cut - secret.Length + 1), StringComparison.OrdinalIgnoreCase);
            while (at >= 0 && at < cut)
            {
                cut = Math.Max(cut, at + secret.Length);
                at = text.IndexOf(secret, at + 1, StringComparison.OrdinalIgnoreCase);
            }
        }

        return cut;
    }

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
