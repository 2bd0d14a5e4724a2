using System.Text;

namespace MarketData.Client.Streaming;

/// <summary>Maps a pushed symbol, as the UTF-8 bytes of the frame, to the string shown to the app.</summary>
internal interface ISymbolResolver
{
    /// <summary>Changes whenever the subscriptions change, so that cached resolutions are recomputed.</summary>
    int Version { get; }

    /// <summary>The subscribed spelling of a pushed symbol, or null.</summary>
    string? Resolve(string pushedSymbol);
}

/// <summary>
/// Interns pushed symbols: one string per distinct symbol, looked up by its UTF-8 bytes, so that a frame costs no string
/// allocation for its symbol. Single-threaded (one receive loop); bounded (cleared when it grows past <see cref="MaxEntries"/>).
/// </summary>
internal sealed class SymbolCache
{
    public const int MaxEntries = 16_384;

    private readonly ISymbolResolver? _resolver;
    private Entry?[] _buckets = new Entry?[64];
    private int _count;

    public SymbolCache(ISymbolResolver? resolver = null) => _resolver = resolver;

    public int Count => _count;

    public Entry Get(ReadOnlySpan<byte> utf8)
    {
        var hash = Hash(utf8);
        var entry = Find(utf8, hash);
        if (entry is null)
        {
            if (_count >= MaxEntries)
            {
                Array.Clear(_buckets);
                _count = 0;
            }
            else if (_count >= _buckets.Length)
            {
                Grow();
            }

            entry = new Entry(utf8.ToArray(), Encoding.UTF8.GetString(utf8), hash);
            ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
            entry.Next = bucket;
            bucket = entry;
            _count++;
        }

        if (_resolver is { } resolver && entry.Version != resolver.Version)
        {
            // Read the version first: a change during Resolve leaves the entry stale, to be recomputed next time.
            var version = resolver.Version;
            entry.Subscribed = resolver.Resolve(entry.Symbol);
            entry.Version = version;
        }

        return entry;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode() & int.MaxValue;
    }

    private Entry? Find(ReadOnlySpan<byte> utf8, int hash)
    {
        for (var e = _buckets[hash & (_buckets.Length - 1)]; e is not null; e = e.Next)
        {
            if (e.Hash == hash && utf8.SequenceEqual(e.Key))
            {
                return e;
            }
        }

        return null;
    }

    private void Grow()
    {
        var buckets = new Entry?[_buckets.Length * 2];
        foreach (var head in _buckets)
        {
            var e = head;
            while (e is not null)
            {
                var next = e.Next;
                ref var bucket = ref buckets[e.Hash & (buckets.Length - 1)];
                e.Next = bucket;
                bucket = e;
                e = next;
            }
        }

        _buckets = buckets;
    }

    internal sealed class Entry
    {
        public Entry(byte[] key, string symbol, int hash)
        {
            Key = key;
            Symbol = symbol;
            Hash = hash;
            Version = -1;
        }

        public byte[] Key { get; }

        public string Symbol { get; }

        public int Hash { get; }

        public string? Subscribed { get; set; }

        public int Version { get; set; }

        public Entry? Next { get; set; }
    }
}
