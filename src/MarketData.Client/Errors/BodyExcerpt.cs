using System.Text;
using MarketData.Client.Diagnostics;

namespace MarketData.Client;

/// <summary>
/// The one excerpt of a body the SDK could not use (a REST reply, a refused upgrade, a stream frame), for
/// <see cref="MarketDataErrorDetails.BodyExcerpt"/>: the key is removed first, then the text is cut to
/// <see cref="MaxChars"/> characters, never inside a UTF-8 sequence or a surrogate pair.
/// </summary>
internal static class BodyExcerpt
{
    public const int MaxChars = 256;

    /// <summary>The excerpt: control characters as blanks, "..." when cut; empty for an empty body.</summary>
    /// <param name="body">The body as received.</param>
    /// <param name="redactor">Removes the key.</param>
    public static string Of(ReadOnlySpan<byte> body, SecretRedactor redactor)
    {
        if (body.IsEmpty)
        {
            return string.Empty;
        }

        // At most 3 bytes a UTF-16 character (a surrogate pair is 4 bytes for 2): the window holds MaxChars characters
        // and any spelling of the key that starts among them.
        var secret = redactor.MaxSecretLength;
        var window = Math.Min(body.Length, (MaxChars + secret) * 3);
        while (window < body.Length && window > 0 && (body[window] & 0xC0) == 0x80)
        {
            window--; // end the window on a character boundary
        }

        var text = Encoding.UTF8.GetString(body[..window]);
        if (window < body.Length && secret > 0)
        {
            // A key cut by the window's end would not be recognised: drop the tail where one could start, keeping whole
            // any key that starts before it.
            text = text[..redactor.SafeCut(text, Math.Max(0, text.Length - secret + 1))];
        }

        var redacted = redactor.Redact(text)!;
        var cut = Math.Min(redacted.Length, MaxChars);
        if (cut < redacted.Length && char.IsHighSurrogate(redacted[cut - 1]))
        {
            cut--;
        }

        var sb = new StringBuilder(cut + 3);
        foreach (var c in redacted.AsSpan(0, cut))
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return cut < redacted.Length || window < body.Length ? sb.Append("...").ToString() : sb.ToString();
    }
}
