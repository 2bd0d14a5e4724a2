using System.Globalization;
using System.Text;
using MarketData.Client.Models;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// The two walkers: <see cref="IMarketDataClient.ListAvailableSymbolsAsync"/> pages with limit/offset until the end;
/// <see cref="IMarketDataClient.GetKlineHistoryAsync"/> splits a long range into windows of at most 1000 bars. The
/// stub generates each page or window from the query it receives.
/// </summary>
public sealed class PagingTests : StubFixture
{
    private const string SymbolsPath = "/v1/symbols/available";
    private const string KlinePath = "/v1/market/kline";
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task ListAvailableSymbolsAsync_pages_with_limit_and_offset_until_the_total()
    {
        Stub.On("GET", SymbolsPath, (r, _) => SymbolPage(r, total: 7, sendTotal: true));
        using var client = Stub.CreateClient();

        var symbols = await client.ListAvailableSymbolsAsync(SymbolType.Stock, Market.US, pageSize: 3).ToListAsync();

        symbols.Select(s => s.Symbol).Should().Equal(Enumerable.Range(0, 7).Select(SymbolName));
        Stub.Received.Select(r => (r.Query["limit"], r.Query["offset"])).Should().Equal(("3", "0"), ("3", "3"), ("3", "6"));
        Stub.Received.Should().AllSatisfy(r => r.ShouldBe("GET", SymbolsPath, ("type", "stock"), ("market", "US"), ("limit", "3"), ("offset", r.Query["offset"])));
    }

    [Test]
    public async Task ListAvailableSymbolsAsync_without_a_total_stops_at_the_first_short_or_empty_page()
    {
        Stub.On("GET", SymbolsPath, (r, _) => SymbolPage(r, total: 6, sendTotal: false));
        using var client = Stub.CreateClient();

        var symbols = await client.ListAvailableSymbolsAsync(pageSize: 3).ToListAsync();

        symbols.Select(s => s.Symbol).Should().Equal(Enumerable.Range(0, 6).Select(SymbolName));
        Stub.Received.Select(r => r.Query["offset"]).Should().Equal("0", "3", "6");
    }

    [Test]
    public async Task ListAvailableSymbolsAsync_uses_pages_of_1000_by_default_and_stops_after_one_request_for_a_small_market()
    {
        Stub.On("GET", SymbolsPath, (r, _) => SymbolPage(r, total: 4, sendTotal: true));
        using var client = Stub.CreateClient();

        var symbols = await client.ListAvailableSymbolsAsync().ToListAsync();

        symbols.Should().HaveCount(4);
        Stub.Single.ShouldBe("GET", SymbolsPath, ("limit", "1000"), ("offset", "0"));
    }

    [Test]
    public async Task ListAvailableSymbolsAsync_stops_with_a_typed_error_when_the_server_ignores_the_offset()
    {
        // Always the first full page, no total: without a guard the listing would never end.
        Stub.On("GET", SymbolsPath, (_, _) => StubReply.Ok("""{"products":[{"symbol":"A"},{"symbol":"B"},{"symbol":"C"}]}"""));
        using var client = Stub.CreateClient();
        var seen = new List<string>();

        var act = async () =>
        {
            await foreach (var s in client.ListAvailableSymbolsAsync(pageSize: 3))
            {
                seen.Add(s.Symbol);
            }
        };

        (await act.Should().ThrowAsync<MarketDataTransportException>()).Which.Code.Should().Be(ErrorCode.MalformedResponse);
        seen.Should().Equal("A", "B", "C");
        Stub.Received.Select(r => r.Query["offset"]).Should().Equal("0", "3");
    }

    [Test]
    public async Task ListAvailableSymbolsAsync_stops_on_a_page_without_products()
    {
        Stub.OnGet(SymbolsPath, StubReply.Ok("""{"pagination":{"limit":3,"offset":0,"total":50,"count":0}}"""));
        using var client = Stub.CreateClient();

        var symbols = await client.ListAvailableSymbolsAsync(pageSize: 3).ToListAsync();

        symbols.Should().BeEmpty();
        Stub.Received.Should().ContainSingle();
    }

    [Test]
    public async Task ListAvailableSymbolsAsync_surfaces_a_failing_page_as_its_typed_exception_after_the_earlier_pages()
    {
        Stub.On("GET", SymbolsPath, (r, n) => n == 0 ? SymbolPage(r, total: 9, sendTotal: true) : StubReply.Error(400, 2001, "bad offset"));
        using var client = Stub.CreateClient();
        var seen = new List<string>();

        var act = async () =>
        {
            await foreach (var s in client.ListAvailableSymbolsAsync(pageSize: 3))
            {
                seen.Add(s.Symbol);
            }
        };

        await act.Should().ThrowExactlyAsync<InvalidParametersException>();
        seen.Should().Equal(SymbolName(0), SymbolName(1), SymbolName(2));
        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task GetKlineHistoryAsync_walks_2500_minutes_in_three_windows_without_gaps_or_duplicates()
    {
        Stub.On("GET", KlinePath, (r, _) => KlineWindow(r, TimeSpan.FromMinutes(1)));
        using var client = Stub.CreateClient();
        var to = T0.AddMinutes(2499);

        var bars = await client.GetKlineHistoryAsync("AAPL.US", KlineInterval.OneMinute, T0, to, SymbolType.Stock).ToListAsync();

        bars.Should().HaveCount(2500);
        bars.Select(b => b.Time).Should().Equal(Enumerable.Range(0, 2500).Select(i => T0.AddMinutes(i)), "bars come in order, one per minute, none missing or repeated");
        var windows = Stub.Received.Select(r => (Start: long.Parse(r.Query["start_time"], CultureInfo.InvariantCulture), End: long.Parse(r.Query["end_time"], CultureInfo.InvariantCulture))).ToList();
        windows.Should().Equal(
            (Ms(T0), Ms(T0.AddMinutes(1000)) - 1),
            (Ms(T0.AddMinutes(1000)), Ms(T0.AddMinutes(2000)) - 1),
            (Ms(T0.AddMinutes(2000)), Ms(to)));
        Stub.Received.Should().AllSatisfy(r =>
        {
            r.ShouldBe("GET", KlinePath, ("symbol", "AAPL.US"), ("interval", "1m"), ("limit", "1000"), ("type", "stock"), ("start_time", r.Query["start_time"]), ("end_time", r.Query["end_time"]));
            (long.Parse(r.Query["end_time"], CultureInfo.InvariantCulture) - long.Parse(r.Query["start_time"], CultureInfo.InvariantCulture)).Should().BeLessThan(1000 * 60_000, "a window holds at most 1000 bars");
        });
    }

    [Test]
    public async Task GetKlineHistoryAsync_drops_bars_outside_the_window_and_repeats_and_sorts_a_reversed_reply()
    {
        // A sloppy server: bars newest first, one bar before the window, the last bar twice.
        Stub.On("GET", KlinePath, (r, _) => KlineWindow(r, TimeSpan.FromHours(1), sloppy: true));
        using var client = Stub.CreateClient();
        var to = T0.AddHours(1500);

        var bars = await client.GetKlineHistoryAsync("700.HK", KlineInterval.OneHour, T0, to).ToListAsync();

        bars.Select(b => b.Time).Should().Equal(Enumerable.Range(0, 1501).Select(i => T0.AddHours(i)));
        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task GetKlineHistoryAsync_starts_at_the_first_bar_after_an_unaligned_start_and_ends_at_the_last_bar_not_after_the_end()
    {
        Stub.On("GET", KlinePath, (r, _) => KlineWindow(r, TimeSpan.FromDays(1)));
        using var client = Stub.CreateClient();

        var bars = await client.GetKlineHistoryAsync("EURUSD", KlineInterval.OneDay, T0.AddHours(6), T0.AddDays(1100).AddHours(-1)).ToListAsync();

        bars.Select(b => b.Time).Should().Equal(Enumerable.Range(1, 1099).Select(i => T0.AddDays(i)));
        Stub.Received.Should().HaveCount(2);
    }

    [Test]
    public async Task GetKlineHistoryAsync_with_a_range_of_one_instant_asks_once()
    {
        Stub.On("GET", KlinePath, (r, _) => KlineWindow(r, TimeSpan.FromMinutes(1)));
        using var client = Stub.CreateClient();

        var bars = await client.GetKlineHistoryAsync("AAPL.US", KlineInterval.OneMinute, T0, T0).ToListAsync();

        bars.Select(b => b.Time).Should().Equal(T0);
        Stub.Single.Query["start_time"].Should().Be(Stub.Single.Query["end_time"]);
    }

    private static string SymbolName(int i) => $"S{i}.US";

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static StubReply SymbolPage(ReceivedRequest r, int total, bool sendTotal)
    {
        var limit = int.Parse(r.Query["limit"], CultureInfo.InvariantCulture);
        var offset = int.Parse(r.Query["offset"], CultureInfo.InvariantCulture);
        var items = Enumerable.Range(offset, Math.Max(0, Math.Min(limit, total - offset)))
            .Select(i => $$"""{"symbol":"{{SymbolName(i)}}","market":"US","type":"stock"}""");
        var pagination = sendTotal ? $$""","pagination":{"limit":{{limit}},"offset":{{offset}},"total":{{total}}}""" : string.Empty;
        return StubReply.Ok($$"""{"products":[{{string.Join(',', items)}}]{{pagination}}}""");
    }

    /// <summary>Bars at every multiple of <paramref name="step"/> in [start_time, end_time], at most limit.</summary>
    private static StubReply KlineWindow(ReceivedRequest r, TimeSpan step, bool sloppy = false)
    {
        var start = long.Parse(r.Query["start_time"], CultureInfo.InvariantCulture);
        var end = long.Parse(r.Query["end_time"], CultureInfo.InvariantCulture);
        var limit = int.Parse(r.Query["limit"], CultureInfo.InvariantCulture);
        var stepMs = (long)step.TotalMilliseconds;
        var first = (start + stepMs - 1) / stepMs * stepMs;
        var times = new List<long>();
        for (var t = first; t <= end && times.Count < limit; t += stepMs)
        {
            times.Add(t);
        }

        if (sloppy && times.Count > 0)
        {
            times.Insert(0, first - stepMs);
            times.Add(times[^1]);
            times.Reverse();
        }

        var json = new StringBuilder("""{"symbol":"X","interval":"?","klines":[""");
        json.AppendJoin(',', times.Select(t => $$"""{"time":{{t}},"open":"1","high":"2","low":"0.5","close":"1.5","volume":"10"}"""));
        return StubReply.Ok(json.Append("]}").ToString());
    }
}
