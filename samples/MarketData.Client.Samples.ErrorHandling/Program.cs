// ErrorHandling: every failure of the SDK is a typed exception; one catch block per family shows what the
// exception carries (Code, RawCode, StatusCode, IsTransient, RetryAfter) and what to do about it (Recommendation).
// The embedded simulator scripts each failure, so this runs with no key and no network:
//
//   dotnet run --project samples/MarketData.Client.Samples.ErrorHandling
using MarketData.Client;
using MarketData.Client.Models;
using MarketData.Client.Testing;

await using var simulator = await MarketDataSimulator.StartAsync();
Console.WriteLine($"Using the embedded simulator at {simulator.BaseAddress}: each scenario below scripts one failure.");

// A client that does not retry, so each scripted failure surfaces as its exception.
using var noRetries = simulator.CreateClient(o => o.Resilience.MaxRetries = 0);
// A client with the default resilience: transient failures are retried for you.
using var withRetries = simulator.CreateClient(o => o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(100));
using var wrongKey = simulator.CreateClient(o => o.ApiKey = "not-a-valid-key");
using var impatient = simulator.CreateClient(o =>
{
    o.Resilience.MaxRetries = 0;
    o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
});

await Scenario("Wrong API key (1001)", () => wrongKey.GetTickersAsync(["AAPL.US"]));

await Scenario("Unknown symbol (2002)", () => noRetries.GetKlinesAsync("NOSUCH.US", KlineInterval.OneDay));

await Scenario("Ambiguous symbol (AMBIGUOUS_SYMBOL)", () =>
{
    simulator.Faults.ErrorCode(ErrorCode.AmbiguousSymbol);
    return noRetries.GetTickersAsync(["000001.SH"]);
});

await Scenario("Invalid argument (rejected before any request)", () => noRetries.GetKlinesAsync("AAPL.US", KlineInterval.OneDay, limit: 5000));

await Scenario("Rate limited (3001, Retry-After: 2)", () =>
{
    simulator.Faults.RateLimit(retryAfter: TimeSpan.FromSeconds(2));
    return noRetries.GetTickersAsync(["AAPL.US"]);
});

await Scenario("Quota exhausted (3002)", () =>
{
    simulator.Faults.ErrorCode(ErrorCode.QuotaExhausted);
    return noRetries.GetTickersAsync(["AAPL.US"]);
});

await Scenario("Data source unavailable (5001), retried until it recovers", async () =>
{
    simulator.Faults.ServiceError(5001, times: 2);
    var before = simulator.RequestCount("/v1/market/ticker");
    var tickers = await withRetries.GetTickersAsync(["AAPL.US"]);
    Console.WriteLine($"  -> {simulator.RequestCount("/v1/market/ticker") - before} attempts; the caller never saw the two 503s.");
    return tickers;
});

await Scenario("Service unavailable (5002) that outlasts the retries", () =>
{
    simulator.Faults.ServiceError(5002, times: 10); // more than the 1 + 3 attempts the client makes
    return withRetries.GetTickersAsync(["AAPL.US"]);
});

await Scenario("No answer in time (timeout)", () =>
{
    simulator.Faults.Latency(TimeSpan.FromSeconds(3), times: 1);
    return impatient.GetTickersAsync(["AAPL.US"]);
});

await Scenario("A proxy's HTML error page (502)", () =>
{
    simulator.Faults.HtmlErrorPage(502);
    return noRetries.GetTickersAsync(["AAPL.US"]);
});

await Scenario("A body cut off in the middle", () =>
{
    simulator.Faults.MalformedBody();
    return noRetries.GetTickersAsync(["AAPL.US"]);
});

return 0;

async Task Scenario<T>(string title, Func<Task<T>> call)
{
    simulator.Faults.Clear(); // what a scenario scripted and did not use must not leak into the next one
    Console.WriteLine();
    Console.WriteLine($"== {title}");
    try
    {
        await call();
        Console.WriteLine("  succeeded");
    }
    catch (AmbiguousSymbolException ex)
    {
        // A request error that carries data: resend with one of the types.
        Show("request error", ex);
        Console.WriteLine($"  available types: {string.Join(", ", ex.AvailableTypes)}");
    }
    catch (RateLimitExceededException ex)
    {
        // 3001: the SDK normally waits RetryAfter and retries by itself; this client has retries off.
        Show("rate limited", ex);
        Console.WriteLine($"  retry after: {ex.RetryAfter?.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "(not sent)"} s");
    }
    catch (MarketDataAuthenticationException ex)
    {
        // 1xxx: fix the key or its permissions; never retried.
        Show("authentication", ex);
    }
    catch (InvalidRequestException ex)
    {
        // 2xxx: fix the request; never retried.
        Show("invalid request", ex);
    }
    catch (RateLimitingException ex)
    {
        // 3xxx other than 3001: quotas, plan limits.
        Show("rate limit or plan", ex);
    }
    catch (MarketDataServiceException ex)
    {
        // 5xxx and HTTP 5xx: transient; already retried with backoff before it reached you.
        Show("service", ex);
    }
    catch (MarketDataTimeoutException ex)
    {
        // No answer within AttemptTimeout or Timeout.
        Show("timeout", ex);
        Console.WriteLine($"  timeout: {ex.Timeout.TotalSeconds} s");
    }
    catch (MarketDataTransportException ex)
    {
        // No usable answer: network failure, a body that is not JSON or is cut off.
        Show("transport", ex);
        Console.WriteLine($"  body excerpt: {ex.Details.BodyExcerpt ?? "(none)"}");
    }
    catch (MarketDataException ex)
    {
        // The base of them all: anything else the service can say (streaming codes, codes in neither table).
        Show("other", ex);
    }
    catch (ArgumentException ex)
    {
        // Invalid arguments are rejected before anything is sent.
        Console.WriteLine($"  {ex.GetType().Name} ({ex.ParamName}): {ex.Message}");
    }
}

static void Show(string family, MarketDataException ex)
{
    Console.WriteLine($"  {family}: {ex.GetType().Name}");
    Console.WriteLine($"  code: {ex.Code} (raw \"{ex.RawCode}\"), HTTP {(ex.StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}, transient: {ex.IsTransient}, retry after: {ex.Details.RetryAfter?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
    Console.WriteLine($"  server said: {ex.ServerMessage ?? "-"}");
    Console.WriteLine($"  recommendation: {ex.Recommendation}");
}
