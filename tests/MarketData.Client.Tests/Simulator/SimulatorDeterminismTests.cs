using MarketData.Client.Models;
using MarketData.Client.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.Tests.Simulator;

/// <summary>The market is a function of the seed and the clock: reproducible in tests, moving as time passes.</summary>
public sealed class SimulatorDeterminismTests
{
    private static readonly string[] Paths =
    [
        "/v1/market/ticker?symbols=AAPL.US,700.HK,BTCUSDT,EURUSD",
        "/v1/market/kline?symbol=600519.SH&interval=1h&limit=50",
        "/v1/market/depth?symbol=ETHUSDT&limit=20",
        "/v1/market/trades?symbol=IC2606&limit=50",
        "/v1/market/capital-flow?symbol=AAPL.US",
    ];

    [Test]
    public async Task The_same_seed_and_clock_give_the_same_bytes_and_another_seed_another_market()
    {
        await using var a = await SimulatorKit.StartFrozenAsync(o => o.Seed = 7);
        await using var b = await SimulatorKit.StartFrozenAsync(o => o.Seed = 7);
        await using var c = await SimulatorKit.StartFrozenAsync(o => o.Seed = 8);

        foreach (var path in Paths)
        {
            (await BodyAsync(a, path)).Should().Be(await BodyAsync(b, path), path);
            (await BodyAsync(a, path)).Should().NotBe(await BodyAsync(c, path), path);
        }
    }

    [Test]
    public async Task Prices_move_and_bars_roll_as_the_clock_advances()
    {
        var clock = new FakeTimeProvider(SimulatorKit.FrozenNow);
        await using var sim = await SimulatorKit.StartFrozenAsync(clock);
        using var client = SimulatorKit.Client(sim);
        string[] symbols = ["AAPL.US", "700.HK", "BTCUSDT", "EURUSD", "XAUUSD"];

        var before = await client.GetTickersAsync(symbols);
        var barsBefore = await client.GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute, limit: 3);
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await client.GetTickersAsync(symbols);
        var barsAfter = await client.GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute, limit: 3);

        after.Select(t => t.LastPrice).Should().NotEqual(before.Select(t => t.LastPrice));
        after.Should().OnlyContain(t => t.Timestamp == SimulatorKit.FrozenNow.AddMinutes(1));
        barsAfter.Klines[^1].Time.Should().Be(barsBefore.Klines[^1].Time.AddMinutes(1));
        barsAfter.Klines[^2].Open.Should().Be(barsBefore.Klines[^1].Open, "the bar that was in progress keeps its open");
        barsAfter.Klines[^1].Close.Should().Be(after.Single(t => t.Symbol == "BTCUSDT").LastPrice);
    }

    [Test]
    public async Task Custom_instruments_are_served_with_their_reference_data()
    {
        var custom = new SimulatedInstrument
        {
            Symbol = "ACME.US", Type = SymbolType.Stock, Market = Market.US, Name = "Acme Corp.", BasePrice = 42m, TickSize = 0.05m,
            TotalShares = 1_000_000, EpsTtm = 2m, Exchange = "NYSE",
        };
        await using var sim = await SimulatorKit.StartFrozenAsync(o => o.Instruments = [custom]);
        using var client = SimulatorKit.Client(sim);

        var ticker = (await client.GetTickersAsync(["ACME.US"])).Single();
        var page = await client.GetAvailableSymbolsAsync();
        var info = (await client.GetStockInfoAsync(["ACME.US"])).Single();

        ticker.Name.Should().Be("Acme Corp.");
        (ticker.LastPrice % 0.05m).Should().Be(0);
        ticker.LastPrice.Should().BeInRange(42m * 0.5m, 42m * 2m);
        page.Products.Should().ContainSingle().Which.Symbol.Should().Be("ACME.US");
        info.Exchange.Should().Be("NYSE");
        sim.Instruments.Should().Equal(custom);
    }

    private static async Task<string> BodyAsync(MarketDataSimulator sim, string path)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", sim.ApiKey);
        return await http.GetStringAsync(path);
    }
}
