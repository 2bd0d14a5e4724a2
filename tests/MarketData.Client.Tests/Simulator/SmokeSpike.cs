namespace MarketData.Client.Tests.Simulator;

public sealed class SmokeSpike
{
    [Test]
    public async Task Spike()
    {
        await using var sim = await SimulatorKit.StartFrozenAsync();
        using var client = SimulatorKit.Client(sim);
        var tickers = await client.GetTickersAsync(["AAPL.US", "700.HK", "BTCUSDT"]);
        TestContext.Out.WriteLine(string.Join("\n", tickers));
        await using var ws = await RawStream.ConnectAsync(sim);
        await ws.SendAsync("""{"cmd":"ping"}""");
        TestContext.Out.WriteLine((await ws.ReceiveAsync()).ToString());
        await ws.SendAsync("""{"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US"]}}""");
        TestContext.Out.WriteLine((await ws.ReceiveAsync()).ToString());
        TestContext.Out.WriteLine((await ws.ReceiveAsync()).ToString());
        var refused = await RawStream.RefusedAsync(sim, "wrong");
        TestContext.Out.WriteLine(refused.Status);
    }
}
