using WireMock;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>What the stub received: method, path as sent (still escaped), the query parsed by hand, the headers.</summary>
internal sealed class ReceivedRequest
{
    /// <param name="message">What WireMock made of the request.</param>
    /// <param name="rawTarget">The request target exactly as sent ("/path?query"), before any decoding.</param>
    /// <param name="arrivedAt">When it arrived, on the stub's clock.</param>
    public ReceivedRequest(IRequestMessage message, string rawTarget, DateTimeOffset arrivedAt)
    {
        Message = message;
        ArrivedAt = arrivedAt;
        Method = message.Method;
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        RawPath = q < 0 ? rawTarget : rawTarget[..q];
        RawQuery = q < 0 ? string.Empty : rawTarget[(q + 1)..];
        Query = ParseQuery(RawQuery);
        ApiKeys = message.Headers is { } headers && headers.TryGetValue("X-API-Key", out var keys) ? [.. keys] : [];
    }

    public IRequestMessage Message { get; }

    /// <summary>When the request arrived, on the stub's clock.</summary>
    public DateTimeOffset ArrivedAt { get; }

    public string Method { get; }

    /// <summary>The path exactly as it came over the wire (percent-escapes kept).</summary>
    public string RawPath { get; }

    /// <summary>The query exactly as it came over the wire, without '?'.</summary>
    public string RawQuery { get; }

    /// <summary>The query parameters, unescaped; a name sent twice fails the parse.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    public IReadOnlyList<string> ApiKeys { get; }

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
