// The README's quickstart, verbatim (compiled, not run by the tests).
using MarketData.Client;
using MarketData.Client.Models;

using var client = new MarketDataClient(new MarketDataClientOptions
{
    ApiKey = Environment.GetEnvironmentVariable("MARKETDATA_API_KEY"),
});

var tickers = await client.GetTickersAsync(["AAPL.US", "700.HK", "EURUSD"]);
foreach (var t in tickers)
{
    Console.WriteLine($"{t.Symbol,-10} {t.LastPrice,12} {t.Timestamp:u}");
}

var bars = await client.GetKlinesAsync("AAPL.US", KlineInterval.OneHour, limit: 24);
