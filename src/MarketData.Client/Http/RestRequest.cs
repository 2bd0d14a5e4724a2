using System.Globalization;
using System.Text;

namespace MarketData.Client.Http;

/// <summary>A REST request: method, path and query, every value URL-escaped so no argument can change the path or add a parameter.</summary>
internal sealed class RestRequest
{
    private readonly StringBuilder _query = new();

    public RestRequest(HttpMethod method, string path)
    {
        Method = method;
        Path = path;
    }

    public HttpMethod Method { get; }

    public string Path { get; }

    /// <summary>The path and query, as sent and as logged (it never carries the API key, which travels in a header).</summary>
    public string PathAndQuery => _query.Length == 0 ? Path : string.Concat(Path, "?", _query.ToString());

    public RestRequest Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _query.Append(_query.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public RestRequest Add(string name, long? value) =>
        value is { } v ? Add(name, v.ToString(CultureInfo.InvariantCulture)) : this;

    public RestRequest AddList(string name, IReadOnlyList<string> values)
    {
        _query.Append(_query.Length == 0 ? string.Empty : "&").Append(name).Append('=');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                _query.Append(',');
            }

            _query.Append(Uri.EscapeDataString(values[i]));
        }

        return this;
    }

    public Uri BuildUri(Uri baseAddress)
    {
        var basePath = baseAddress.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(baseAddress) { Path = basePath + Path, Query = _query.ToString() };
        return builder.Uri;
    }
}
