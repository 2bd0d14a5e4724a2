using System.Buffers;
using System.Globalization;

namespace MarketData.Client.Http;

/// <summary>
/// A REST request: method, path and query, every value URL-escaped so no argument can change the path or add a
/// parameter. The query is written into a pooled buffer and becomes one string, the request URI.
/// </summary>
internal sealed class RestRequest
{
    private char[]? _query;
    private int _length;
    private string? _pathAndQuery;
    private string? _uri;
    private int _baseLength;

    public RestRequest(HttpMethod method, string path)
    {
        Method = method;
        Path = path;
    }

    public HttpMethod Method { get; }

    public string Path { get; }

    /// <summary>False for a call whose success carries nothing to return (a DELETE answers code 0 without data, or 204).</summary>
    public bool DataRequired { get; init; } = true;

    /// <summary>The path and query, as logged (it never carries the API key, which travels in a header).</summary>
    public string PathAndQuery => _pathAndQuery ??= _uri is not null
        ? _uri[_baseLength..]
        : _length == 0 ? Path : string.Concat(Path, "?", Query);

    private ReadOnlySpan<char> Query => _query.AsSpan(0, _length);

    public RestRequest Add(string name, string? value)
    {
        if (value is not null)
        {
            AppendName(name);
            Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    public RestRequest Add(string name, long? value)
    {
        if (value is { } v)
        {
            AppendName(name);
            Span<char> digits = stackalloc char[24];
            v.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
            Append(digits[..written]);
        }

        return this;
    }

    public RestRequest AddList(string name, IReadOnlyList<string> values)
    {
        AppendName(name);
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                Append(",");
            }

            Append(Uri.EscapeDataString(values[i]));
        }

        return this;
    }

    /// <summary>The absolute request URI under <paramref name="baseAddress"/> (no trailing slash).</summary>
    public Uri BuildUri(string baseAddress)
    {
        _uri = _length == 0 ? string.Concat(baseAddress, Path) : string.Concat(baseAddress, Path, "?", Query);
        _baseLength = baseAddress.Length;
        return new(_uri, UriKind.Absolute);
    }

    /// <summary>
    /// Returns the pooled buffer; the request keeps only what was already turned into strings (the URI text, from which
    /// <see cref="PathAndQuery"/> is cut only when something logs it).
    /// </summary>
    public void Release()
    {
        if (_uri is null)
        {
            _ = PathAndQuery;
        }

        if (_query is { } buffer)
        {
            _query = null;
            _length = 0;
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private void AppendName(string name)
    {
        if (_length > 0)
        {
            Append("&");
        }

        Append(name);
        Append("=");
    }

    private void Append(ReadOnlySpan<char> text)
    {
        _pathAndQuery = null;
        if (_query is null || _length + text.Length > _query.Length)
        {
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(256, (_length + text.Length) * 2));
            Query.CopyTo(bigger);
            if (_query is not null)
            {
                ArrayPool<char>.Shared.Return(_query);
            }

            _query = bigger;
        }

        text.CopyTo(_query.AsSpan(_length));
        _length += text.Length;
    }
}
