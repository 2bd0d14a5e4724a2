using System.Globalization;
using System.Text;

namespace MarketData.Client.Tests.Reliability;

/// <summary>Valid realtime frames (pushes of every channel and shape, answers, errors) for the stream suites.</summary>
internal static class StreamFrames
{
    public const long T0 = 1703123456789;

    /// <summary>One valid frame of every kind the service sends: the seed corpus of the stream fuzzer.</summary>
    public static IReadOnlyList<byte[]> Corpus { get; } =
    [
        .. new[]
        {
            Ticker("AAPL.US", 150.25m, T0),
            """{"cmd":"ticker","data":{"symbol":"AAPL.US","last_price":"150.25","bid_price":"150.2","ask_price":"150.3","spread":"0.1","volume_24h":"1000","high_24h":"151","low_24h":"149","price_change_24h":"1.2","price_change_percent_24h":"0.8","trade_session":"pre_market","timestamp":1703123456789}}""",
            """{"cmd":"ticker","data":{"symbol":"700","last_price":"543.5","volume_24h":"12345678","type":"stock","timestamp":1703123456789}}""",
            """{"cmd":"ticker","data":{"symbol":"BTCUSDT","last_price":"43000.5","trade_session":3,"timestamp":1703123456789}}""",
            Depth("700.HK", T0),
            """{"cmd":"depth","data":{"symbol":"BTCUSDT","bids":[{"price":"1","quantity":"2"}],"asks":[{"price":"3","quantity":"4"}],"timestamp":1703123456789}}""",
            Trade("BTCUSDT", T0),
            """{"cmd":"trade","data":{"symbol":"AAPL.US","price":"150.1","quantity":"10","side":"sell","position_effect":"long_open","id":"t2","timestamp":1703123456789}}""",
            """{"cmd":"subscribe","code":0,"message":"success","data":{"channel":"ticker","symbols":["AAPL.US"]}}""",
            """{"cmd":"unsubscribe","code":0,"message":"success","data":{"channel":"depth","symbols":["700.HK"]}}""",
            """{"cmd":"pong","code":0,"message":"pong","data":{"timestamp":1768976158541}}""",
            """{"cmd":"subscribe","code":4003,"message":"Depth unavailable","data":{"channel":"depth"}}""",
            Partial5004,
            """{"cmd":"subscribe","code":"AMBIGUOUS_SYMBOL","message":"ambiguous","data":{"available_types":["stock","crypto"]}}""",
            """{"cmd":"error","code":5001,"message":"internal error"}""",
            """{"cmd":"news","data":{"headline":"unknown kind"}}""",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    /// <summary>A partial 5004 answer to a subscribe, with the <c>data</c> fields ERRORS.md defines: one symbol subscribed, two failed, one of them retryable.</summary>
    public const string Partial5004 =
        """{"cmd":"subscribe","code":5004,"message":"partial","data":{"channel":"ticker","symbols":["AAPL.US"],"failed_symbols":["X.US","Y.US"],"retryable_symbols":["X.US"],"retryable":true}}""";

    public static string Ticker(string symbol, decimal price, long timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"cmd":"ticker","data":{"symbol":"{{{symbol}}}","last_price":"{{{price}}}","timestamp":{{{timestamp}}}}}""");

    public static string Depth(string symbol, long timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"cmd":"depth","data":{"symbol":"{{{symbol}}}","bids":[["543.5","100"],["543","200"]],"asks":[["544","300"]],"timestamp":{{{timestamp}}}}}""");

    public static string Trade(string symbol, long timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"cmd":"trade","data":{"symbol":"{{{symbol}}}","trades":[{"id":"t1","price":"43000.5","quantity":"0.01","side":"buy","timestamp":{{{timestamp}}}}]}}""");

    /// <summary>The p-th percentile (0..100) of <paramref name="values"/>, nearest rank.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, int p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
