using System.Globalization;
using System.Text;

namespace MarketData.Client;

/// <summary>Builds the message of a <see cref="MarketDataException"/>; never includes credentials (callers redact first).</summary>
internal static class ErrorMessageFormatter
{
    public static string Format(MarketDataErrorDetails details, ErrorDescriptor descriptor)
    {
        var sb = new StringBuilder(128);
        sb.Append(char.ToUpperInvariant(descriptor.Meaning[0])).Append(descriptor.Meaning, 1, descriptor.Meaning.Length - 1);
        if (details.RawCode.Length > 0)
        {
            sb.Append(" (code ").Append(details.RawCode).Append(')');
        }

        sb.Append('.');
        if (!string.IsNullOrWhiteSpace(details.ServerMessage))
        {
            // SDK-side errors carry the SDK's own explanation, not words of the server.
            sb.Append(details.SdkCode is null ? " Server said: \"" : " Detail: \"").Append(Truncate(details.ServerMessage, 200)).Append("\".");
        }

        if (!string.IsNullOrEmpty(details.RequestPath) || details.StatusCode is not null)
        {
            sb.Append(" [");
            if (details.RequestPath is { Length: > 0 } p)
            {
                sb.Append(p);
            }

            if (details.StatusCode is { } status)
            {
                if (details.RequestPath is { Length: > 0 })
                {
                    sb.Append(", ");
                }

                sb.Append("HTTP ").Append(((int)status).ToString(CultureInfo.InvariantCulture));
            }

            sb.Append(']');
        }

        if (details.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
        {
            // An overflowing Retry-After is read as TimeSpan.MaxValue ("longer than any wait"): say so, not 922337203685 s.
            sb.Append(retryAfter == TimeSpan.MaxValue
                ? " Retry after: longer than any wait the SDK honours."
                : string.Create(CultureInfo.InvariantCulture, $" Retry after {retryAfter.TotalSeconds:0.###} s."));
        }

        if (details.BodyExcerpt is { Length: > 0 } excerpt)
        {
            sb.Append(" Body: \"").Append(Truncate(excerpt, 200)).Append("\".");
        }

        sb.Append(' ').Append(char.ToUpperInvariant(descriptor.Recommendation[0])).Append(descriptor.Recommendation, 1, descriptor.Recommendation.Length - 1).Append('.');
        return sb.ToString();
    }

    /// <summary>The first <paramref name="max"/> characters and "...", never half of a surrogate pair.</summary>
    private static string Truncate(string s, int max) =>
        s.Length <= max ? s : string.Concat(s.AsSpan(0, char.IsHighSurrogate(s[max - 1]) ? max - 1 : max), "...");
}
