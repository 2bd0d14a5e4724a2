using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// 10,000 calls from 32 concurrent callers against a server that answers a seeded random mix of success,
/// 3001 with Retry-After, 5000/5001/5002, a proxy's HTML 502, connection resets and replies slower than the
/// attempt timeout. Every call must end in the right data or the right typed exception, never more attempts
/// than configured, and the client's attempts must equal the server's count.
/// </summary>
[Category("Chaos")]
[NonParallelizable]
public sealed class HttpChaosTests
{
    private const int Calls = 10_000;
    private const int Callers = 32;
    private const int MaxRetries = 3;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(30);

    private enum Kind { Ok, RateLimited, E5000, E5001, E5002, Html502, Reset, Slow }

    [Test]
    public async Task Every_call_ends_in_data_or_the_typed_exception_of_its_last_attempt()
    {
        var random = new Random(4242);
        var plan = new ConcurrentDictionary<string, Kind>();
        await using var server = await LoopbackServer.StartAsync();
        server.Handle(async context =>
        {
            Kind kind;
            lock (random)
            {
                var roll = random.Next(100);
                kind = roll switch
                {
                    < 55 => Kind.Ok,
                    < 63 => Kind.RateLimited,
                    < 70 => Kind.E5000,
                    < 77 => Kind.E5001,
                    < 84 => Kind.E5002,
                    < 91 => Kind.Html502,
                    < 98 => Kind.Reset,
                    _ => Kind.Slow,
                };
            }

            var callId = context.Request.Query["symbols"].ToString();
            plan[callId + "#" + context.Request.Headers["X-Attempt"]] = kind;
            await Answer(context, kind, callId);
        });

        var attempts = new ConcurrentDictionary<string, int>();
        var handler = new AttemptCountingHandler(attempts) { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new MarketDataClient(http, new MarketDataClientOptions
        {
            ApiKey = "chaos-key",
            BaseAddress = server.BaseAddress,
            Resilience =
            {
                MaxRetries = MaxRetries,
                BaseDelay = TimeSpan.FromMilliseconds(1),
                MaxDelay = TimeSpan.FromMilliseconds(5),
                RetryAfterMargin = TimeSpan.FromMilliseconds(1),
                AttemptTimeout = AttemptTimeout,
                TotalTimeout = TotalTimeout,
            },
        });

        var outcomes = new ConcurrentDictionary<string, Exception?>();
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Calls)
            {
                var symbol = $"S{i}";
                try
                {
                    var tickers = await client.GetTickersAsync([symbol]);
                    tickers.Should().ContainSingle().Which.Symbol.Should().Be(symbol);
                    tickers[0].LastPrice.Should().Be(i % 1000 + 0.25m);
                    outcomes[symbol] = null;
                }
                catch (Exception ex)
                {
                    outcomes[symbol] = ex;
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(3));
        stopwatch.Stop();

        outcomes.Should().HaveCount(Calls);
        var byType = new Dictionary<string, int>();
        foreach (var (symbol, error) in outcomes)
        {
            var made = attempts[symbol];
            made.Should().BeInRange(1, MaxRetries + 1, $"{symbol} must not exceed the retry budget");
            var last = plan[symbol + "#" + made];
            var name = error?.GetType().Name ?? "success";
            byType[name] = byType.GetValueOrDefault(name) + 1;
            if (error is null)
            {
                last.Should().Be(Kind.Ok);
                continue;
            }

            error.Should().BeAssignableTo<MarketDataException>($"{symbol} failed with {error}");
            if (error is MarketDataTimeoutException { Timeout: var limit } && limit == TotalTimeout)
            {
                // The call's own deadline ended it between attempts (only on a very loaded machine): fewer attempts are right.
                continue;
            }

            // Every failure here was transient (an attempt timeout included), so the call used its whole budget.
            made.Should().Be(MaxRetries + 1, $"{symbol} was transient every time, so it used every attempt");
            if (last == Kind.Ok)
            {
                // The reply left the server but arrived after the attempt's deadline (a loaded machine): a timeout is right.
                error.Should().BeOfType<MarketDataTimeoutException>($"the last attempt of {symbol} was answered, so only its deadline can have failed it")
                    .Which.Timeout.Should().Be(AttemptTimeout);
                continue;
            }

            var expected = last switch
            {
                Kind.RateLimited => typeof(RateLimitExceededException),
                Kind.E5000 => typeof(InternalServerErrorException),
                Kind.E5001 => typeof(DataSourceUnavailableException),
                Kind.E5002 => typeof(ServiceUnavailableException),
                Kind.Html502 => typeof(MarketDataServiceException),
                Kind.Reset => typeof(MarketDataTransportException),
                Kind.Slow => typeof(MarketDataTimeoutException),
                _ => throw new InvalidOperationException($"{symbol}: success answered but the call failed with {error}"),
            };
            error.GetType().Should().Be(expected, $"the last attempt of {symbol} was {last}");
        }

        attempts.Values.Sum().Should().Be(server.Requests, "every attempt reached the server exactly once");
        TestContext.Out.WriteLine(
            $"http chaos: {Calls} calls, {server.Requests} attempts, {server.TcpConnections} connections, {stopwatch.Elapsed.TotalSeconds:0.0} s; outcomes: "
            + string.Join(", ", byType.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
    }

    private static async Task Answer(HttpContext context, Kind kind, string symbol)
    {
        switch (kind)
        {
            case Kind.Ok:
                var n = int.Parse(symbol.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                await Json(context, 200, $$"""{"code":0,"message":"success","data":[{"symbol":"{{symbol}}","last_price":"{{n % 1000}}.25","timestamp":1773259201000}]}""");
                break;
            case Kind.RateLimited:
                context.Response.Headers.RetryAfter = "0.002";
                await Json(context, 429, """{"code":3001,"message":"Rate limit exceeded"}""");
                break;
            case Kind.E5000:
                await Json(context, 500, """{"code":5000,"message":"internal"}""");
                break;
            case Kind.E5001:
                await Json(context, 200, """{"code":"5001","message":"data source unavailable"}""");
                break;
            case Kind.E5002:
                await Json(context, 503, """{"code":5002,"message":"maintenance"}""");
                break;
            case Kind.Html502:
                context.Response.StatusCode = 502;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
                break;
            case Kind.Reset:
                context.Abort();
                break;
            case Kind.Slow:
                // The server is slow (a real wait on the server side); the client's attempt timeout ends it first.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                break;
        }
    }

    private static Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    /// <summary>Counts attempts per call and numbers them in a header so the server's plan can be matched.</summary>
    private sealed class AttemptCountingHandler(ConcurrentDictionary<string, int> attempts) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var symbol = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["symbols"]!;
            var attempt = attempts.AddOrUpdate(symbol, 1, (_, n) => n + 1);
            request.Headers.Add("X-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
