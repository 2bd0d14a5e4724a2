namespace MarketData.Client.Testing.Internal;

/// <summary>Deterministic hashing (SplitMix64): the simulator's only source of randomness, so a seed reproduces every value.</summary>
internal static class Hash
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Of(ulong key, long a) => Mix(key ^ Mix(unchecked((ulong)a)));

    public static ulong Of(ulong key, long a, long b) => Of(Of(key, a), b);

    public static ulong Of(ulong key, long a, long b, long c) => Of(Of(Of(key, a), b), c);

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static ulong Of(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return Mix(h);
    }

    /// <summary>A value in [0, 1).</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <summary>A value in [-1, 1).</summary>
    public static double Signed(ulong h) => (Unit(h) * 2.0) - 1.0;

    /// <summary>An integer in [0, bound).</summary>
    public static int Below(ulong h, int bound) => (int)(Unit(h) * bound);

    public static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && ((a < 0) ^ (b < 0))) ? q - 1 : q;
    }
}
