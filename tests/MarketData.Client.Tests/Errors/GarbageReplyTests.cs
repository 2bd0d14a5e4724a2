using System.Text;
using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Errors;

/// <summary>
/// Bad input never crashes: every contract example, cut off at many points and with random bytes changed, is served
/// by the stub to its endpoint; the call either succeeds or throws a <see cref="MarketDataException"/>, never a raw
/// JsonException, InvalidOperationException, NullReferenceException, FormatException or the like. Seeded, so a
/// failure replays.
/// </summary>
public sealed class GarbageReplyTests : StubFixture
{
    private const int Seed = 20260312;
    private const int CutsPerExample = 30;
    private const int MutationsPerExample = 30;
    private static readonly char[] Noise = ['{', '}', '[', ']', '"', ':', ',', '0', '9', '-', '.', 'e', 'n', 't', '\\', ' ', '\u00e9', '\u0000'];

    private static readonly (string Name, string Data, Func<IMarketDataClient, Task> Call)[] Endpoints =
    [
        ("ticker", ContractExamples.Tickers, c => c.GetTickersAsync(["X"])),
        ("kline", ContractExamples.Klines, c => c.GetKlinesAsync("X", KlineInterval.OneHour)),
        ("kline latest", ContractExamples.LatestKlines, c => c.GetLatestKlinesAsync(["X"], KlineInterval.OneHour)),
        ("intervals", ContractExamples.KlineIntervals, c => c.GetKlineIntervalsAsync()),
        ("depth", ContractExamples.Depth, c => c.GetDepthAsync("X")),
        ("trades", ContractExamples.Trades, c => c.GetTradesAsync("X")),
        ("symbols", ContractExamples.AvailableSymbols, c => c.GetAvailableSymbolsAsync()),
        ("intraday", ContractExamples.Intraday, c => c.GetIntradayAsync(["X"])),
        ("trading sessions", ContractExamples.TradingSessions, c => c.GetTradingSessionsAsync(Market.US)),
        ("trade days", ContractExamples.TradeDays, c => c.GetTradeDaysAsync(Market.US, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28))),
        ("stock info", ContractExamples.StockInfo, c => c.GetStockInfoAsync(["X"])),
        ("calc index", ContractExamples.MarketMetrics, c => c.GetMarketMetricsAsync(["X"])),
        ("capital flow", ContractExamples.CapitalFlow, c => c.GetCapitalFlowAsync("X")),
        ("connections", ContractExamples.Connections, c => c.GetConnectionsAsync()),
    ];

    private string _body = string.Empty;
    private int _status = 200;

    [Test]
    public async Task Cut_off_and_corrupted_examples_only_ever_give_typed_exceptions()
    {
        Stub.On("GET", "/*", (_, _) => new StubReply(_status, _body));
        using var client = Stub.CreateClient(o => o.Resilience.Enabled = false);
        var random = new Random(Seed);
        var outcomes = new Dictionary<string, int>();

        foreach (var (name, data, call) in Endpoints)
        {
            var valid = Envelope.Success(data);
            foreach (var body in Variants(valid, random))
            {
                _body = body;
                _status = random.Next(4) == 0 ? 500 : 200;
                string outcome;
                try
                {
                    await call(client);
                    outcome = "success";
                }
                catch (MarketDataException ex)
                {
                    outcome = ex.GetType().Name;
                    ex.StatusCode.Should().Be((System.Net.HttpStatusCode)_status);
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{name}: a {ex.GetType().Name} escaped for HTTP {_status} body <{body}>: {ex}");
                    throw;
                }

                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        outcomes.Keys.Should().Contain(["success", nameof(MarketDataTransportException)], "the variants exercise both paths");
        Stub.Received.Should().HaveCount(Endpoints.Length * (CutsPerExample + MutationsPerExample));
    }

    private static IEnumerable<string> Variants(string valid, Random random)
    {
        for (var i = 0; i < CutsPerExample; i++)
        {
            yield return valid[..random.Next(valid.Length)];
        }

        for (var i = 0; i < MutationsPerExample; i++)
        {
            var chars = new StringBuilder(valid);
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                chars[random.Next(chars.Length)] = Noise[random.Next(Noise.Length)];
            }

            yield return chars.ToString();
        }
    }
}
