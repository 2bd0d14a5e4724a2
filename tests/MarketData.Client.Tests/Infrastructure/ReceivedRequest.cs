using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>What the <see cref="LoopbackServer"/> received: method, path as sent (still escaped), the query parsed by hand, the headers.</summary>
internal sealed class ReceivedRequest
{
    /// <param name="method">The request method.</param>
    /// <param name="rawTarget">The request target exactly as sent ("/path?query"), before any decoding.</param>
    /// <param name="headers">The request headers, names compared ignoring case.</param>
    /// <param name="arrivedAt">When it arrived, on the server's clock.</param>
    public ReceivedRequest(string method, string rawTarget, IReadOnlyDictionary<string, string[]> headers, DateTimeOffset arrivedAt)
    {
        ArrivedAt = arrivedAt;
        Method = method;
        Headers = headers;
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        RawPath = q < 0 ? rawTarget : rawTarget[..q];
        RawQuery = q < 0 ? string.Empty : rawTarget[(q + 1)..];
        ApiKeys = headers.TryGetValue("X-API-Key", out var keys) ? keys : [];
    }

    /// <summary>The request headers; a name sent several times has several values.</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; }

    /// <summary>When the request arrived, on the server's clock.</summary>
    public DateTimeOffset ArrivedAt { get; }

    public string Method { get; }

    /// <summary>The path exactly as it came over the wire (percent-escapes kept).</summary>
    public string RawPath { get; }

    /// <summary>The query exactly as it came over the wire, without '?'.</summary>
    public string RawQuery { get; }

    /// <summary>The query parameters, unescaped; a name sent twice fails the parse.</summary>
    public IReadOnlyDictionary<string, string> Query => ParseQuery(RawQuery);

    public IReadOnlyList<string> ApiKeys { get; }

    /// <summary>The path unescaped (what routes match).</summary>
    public string Path => Uri.UnescapeDataString(RawPath);

    /// <summary>The path split into unescaped segments.</summary>
    public IReadOnlyList<string> Segments => [.. RawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];

    public override string ToString() => $"{Method} {RawPath}?{RawQuery}";

    /// <summary>Asserts the method, the exact path, exactly these query parameters and the sentinel API key.</summary>
    public void ShouldBe(string method, string path, params (string Name, string Value)[] query)
    {
        Method.Should().Be(method, "the request was {0}", this);
        RawPath.Should().Be(path, "the request was {0}", this);
        Query.Should().BeEquivalentTo(query.ToDictionary(q => q.Name, q => q.Value), "the request was {0}", this);
        ApiKeys.Should().Equal([SentinelKey.Value], "every request carries X-API-Key");
    }

    /// <summary>A request Kestrel parsed; the target is the raw one from the wire.</summary>
    public static ReceivedRequest From(HttpContext context, DateTimeOffset arrivedAt) =>
        new(
            context.Request.Method,
            context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase),
            arrivedAt);

    /// <summary>A request read as raw text (request line and header lines, without the blank line).</summary>
    public static ReceivedRequest FromHead(string head, DateTimeOffset arrivedAt)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => (Name: l[..Math.Max(l.IndexOf(':', StringComparison.Ordinal), 0)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(h => h.Value).ToArray(), StringComparer.OrdinalIgnoreCase);
        return new ReceivedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : string.Empty, headers, arrivedAt);
    }

    private static Dictionary<string, string> ParseQuery(string raw)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.Add(name, value);
        }

        return result;
    }
}
