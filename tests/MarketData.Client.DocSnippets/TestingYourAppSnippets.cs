using System.Net.WebSockets;
using MarketData.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MarketData.Client.DocSnippets;

/// <summary>The C# blocks of docs/testing-your-app.md, verbatim, so that they compile.</summary>
internal static class TestingYourAppSnippets
{
    public static async Task StartAsync()
    {
        await using var sim = await MarketDataSimulator.StartAsync();
        using var client = sim.CreateClient();

        IReadOnlyList<Ticker> tickers = await client.GetTickersAsync(["AAPL.US", "700.HK", "BTCUSDT"]);
        KlineSeries bars = await client.GetKlinesAsync("AAPL.US", KlineInterval.OneMinute, limit: 30);
        // bars.Klines[^1].Close == tickers[0].LastPrice: the bar in progress closes at the last price.
    }

    public static async Task RegisterAsync(IServiceCollection services)
    {
        var sim = await MarketDataSimulator.StartAsync();
        services.AddMarketDataClient(o =>
        {
            o.ApiKey = sim.ApiKey;
            o.BaseAddress = sim.BaseAddress;
        });
    }

    public static async Task FrozenAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 11, 14, 40, 30, TimeSpan.Zero));
        await using var sim = await MarketDataSimulator.StartAsync(new MarketDataSimulatorOptions
        {
            TimeProvider = clock,                      // prices, timestamps, pushes and latency follow this clock
            PushInterval = Timeout.InfiniteTimeSpan,   // push only when the test calls sim.PushAsync()
            Seed = 42,                                 // the same seed and clock give the same bytes
        });

        decimal last = sim.GetLastPrice("AAPL.US");  // what the ticker, the last K-line and the pushes will say
        clock.Advance(TimeSpan.FromMinutes(1));      // the market moves only when the test says so
    }

    public static async Task InstrumentsAsync()
    {
        var acme = new SimulatedInstrument
        {
            Symbol = "ACME.US",
            Type = SymbolType.Stock,
            Market = Market.US,
            Name = "Acme Corp.",
            BasePrice = 42m,
            TickSize = 0.05m,
        };
        await using var sim = await MarketDataSimulator.StartAsync(new MarketDataSimulatorOptions
        {
            Instruments = [.. SimulatedInstrument.Defaults, acme],
        });
    }

    public static async Task RetriesAsync(MarketDataSimulator sim, MarketDataClient client)
    {
        sim.Faults.ServiceError(5001, times: 2);

        var tickers = await client.GetTickersAsync(["AAPL.US"]);   // succeeds on the third attempt

        int attempts = sim.RequestCount("/v1/market/ticker");     // 3
    }

    public static async Task ChainAsync(MarketDataSimulator sim)
    {
        sim.Faults
            .RateLimit(retryAfter: TimeSpan.FromSeconds(2), times: 1, path: "/v1/market/ticker")
            .ErrorCode(ErrorCode.SymbolNotFound, path: "/v1/market/kline")
            .Latency(TimeSpan.FromSeconds(5), times: 1);
    }

    public static async Task RateLimitAsync(MarketDataSimulator sim, FakeTimeProvider clock)
    {
        using var client = sim.CreateClient(o => o.TimeProvider = clock);
        sim.Faults.RateLimit(retryAfter: TimeSpan.FromSeconds(2));

        var call = client.GetTickersAsync(["AAPL.US"]);
        await sim.WaitForRequestCountAsync("/v1/market/ticker", 1).WaitAsync(TimeSpan.FromSeconds(10));
        // ...wait until the client has started its timer (see the note below), then:
        clock.Advance(TimeSpan.FromSeconds(2) + client.Options.Resilience.RetryAfterMargin);
        await call.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public static async Task StreamAsync(MarketDataSimulator sim)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(sim.StreamAddress + "?api_key=" + sim.ApiKey), CancellationToken.None);
        // ... send {"cmd":"subscribe","data":{"channel":"ticker","symbols":["AAPL.US"]}} and read the ack and pushes

        await sim.PushAsync();                       // one round of pushes now
        sim.Faults.GoSilent();                       // no pong, no push: your heartbeat timeout should fire
        sim.Faults.Resume();
        int dropped = sim.Faults.DropStreamConnections();   // abort without a close frame: your stream should reconnect
        await sim.Faults.CloseStreamConnectionsAsync(WebSocketCloseStatus.EndpointUnavailable);
        sim.Faults.RejectUpgrade(429, times: 3);     // the next three connection attempts get 3003
        sim.Faults.SubscribeError(ErrorCode.DepthSubscriptionUnavailable);
    }
}
