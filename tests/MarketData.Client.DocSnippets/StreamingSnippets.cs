using MarketData.Client.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketData.Client.DocSnippets;

/// <summary>The C# blocks of docs/streaming.md and the README's streaming section, verbatim, so that they compile.</summary>
internal static class StreamingSnippets
{
    /// <summary>Also the README's streaming example.</summary>
    public static async Task FirstStreamAsync(CancellationToken ct)
    {
        await using var stream = new MarketDataStream(new MarketDataClientOptions
        {
            ApiKey = Environment.GetEnvironmentVariable("MARKETDATA_API_KEY"),
        });
        stream.StateChanged += (_, e) => Console.WriteLine($"stream: {e}");
        stream.Error += (_, e) => Console.WriteLine($"stream error: {e}");

        await stream.ConnectAsync(ct);
        await stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "700.HK", "BTCUSDT"], cancellationToken: ct);

        await foreach (TickerUpdate t in stream.ReadTickersAsync(ct))
        {
            Console.WriteLine($"{t.SubscribedSymbol ?? t.Symbol,-10} {t.LastPrice,12} {t.Timestamp:HH:mm:ss.fff}");
        }
    }

    public static async Task QueuedAsync(MarketDataClientOptions options)
    {
        await using var stream = new MarketDataStream(options);
        await stream.SubscribeAsync(StreamChannel.Ticker, ["EURUSD", "XAUUSD"]);   // queued: returns at once
        await stream.SubscribeAsync(StreamChannel.Depth, ["BTCUSDT"]);             // queued
        await stream.ConnectAsync();   // connects, sends both, returns once the server has answered them

        foreach (StreamSubscription s in stream.Subscriptions)
        {
            Console.WriteLine($"{s.Channel} {s.Symbol}: {s.Status}");   // Active, or Failed with s.Error
        }

        await stream.UnsubscribeAsync(StreamChannel.Ticker, ["XAUUSD"]);         // forgotten at once, never resubscribed
    }

    public static async Task ReadAllAsync(MarketDataStream stream, CancellationToken ct)
    {
        await foreach (StreamMessage message in stream.ReadAllAsync(ct))
        {
            switch (message)
            {
                case TickerUpdate t:
                    Console.WriteLine($"{t.Symbol} last {t.LastPrice}");
                    break;
                case DepthUpdate d when d.Bids.Count > 0 && d.Asks.Count > 0:
                    Console.WriteLine($"{d.Symbol} {d.Bids[0].Price} / {d.Asks[0].Price}");
                    break;
                case TradeUpdate tr:
                    Console.WriteLine($"{tr.Symbol} {tr.Trades.Count} trade(s)");
                    break;
            }
        }
    }

    public static async Task ReaderPerChannelAsync(MarketDataStream stream, CancellationToken ct)
    {
        var tickers = Task.Run(async () =>
        {
            await foreach (TickerUpdate t in stream.ReadTickersAsync(ct))
            {
                Console.WriteLine($"{t.Symbol} last {t.LastPrice}");
            }
        });
        var books = Task.Run(async () =>
        {
            await foreach (DepthUpdate d in stream.ReadDepthAsync(ct))
            {
                Console.WriteLine($"{d.Symbol} {d.Bids.Count} bids, {d.Asks.Count} asks");
            }
        });
        await Task.WhenAll(tickers, books);
    }

    public static async Task PingAsync(MarketDataStream stream, CancellationToken ct)
    {
        StreamPingResult pong = await stream.PingAsync(ct);
        Console.WriteLine($"round trip {pong.RoundTripTime.TotalMilliseconds:0} ms, server clock {pong.ServerTime:u}");
    }

    public static void Tune(string apiKey)
    {
        var options = new MarketDataClientOptions
        {
            ApiKey = apiKey,
            Streaming =
            {
                HeartbeatInterval = TimeSpan.FromSeconds(1),
                StaleTimeout = TimeSpan.FromSeconds(5),
                ReconnectMaxDelay = TimeSpan.FromSeconds(10),
                MaxReconnectAttempts = 20,   // then Closed; null (the default) retries forever
            },
        };
    }

    public static async Task FirstConnectAsync(string apiKey, CancellationToken ct)
    {
        await using var stream = new MarketDataStream(new MarketDataClientOptions
        {
            ApiKey = apiKey,
            Streaming = { InitialConnectAttempts = 5, ConnectTimeout = TimeSpan.FromSeconds(5) },
        });
        try
        {
            await stream.ConnectAsync(ct);
        }
        catch (MarketDataTransportException ex)
        {
            // 5 attempts failed (unreachable, or MarketDataTimeoutException after ConnectTimeout): the stream is Closed.
            Console.WriteLine($"cannot reach the realtime API: {ex.Message}");
        }
    }

    public static void Events(MarketDataStream stream)
    {
        stream.StateChanged += (_, e) =>
        {
            switch (e.State)
            {
                case StreamState.Reconnecting:
                    Console.WriteLine($"dropped ({e.Exception?.Message}); attempt {e.Attempt} in {e.Delay?.TotalSeconds:0.0} s");
                    break;
                case StreamState.Connected:
                    foreach (StreamSubscription s in e.FailedSubscriptions)
                    {
                        Console.WriteLine($"{s.Channel} {s.Symbol} was not restored: {s.Error?.Code}");
                    }

                    break;
                case StreamState.Closed:
                    Console.WriteLine($"closed for good: {e.Exception?.Message ?? "disposed"}");
                    break;
            }
        };
        stream.Error += (_, e) =>
            Console.WriteLine($"{e.Exception.Code} {e.Channel} [{string.Join(", ", e.Symbols)}]: {e.Exception.Message}");
    }

    public static void Backpressure(string apiKey)
    {
        var options = new MarketDataClientOptions
        {
            ApiKey = apiKey,
            Streaming =
            {
                BufferCapacity = 1_000,
                BackpressureMode = StreamBackpressureMode.DropOldestTicker,
            },
        };
    }

    public static void Watch(MarketDataStream stream)
    {
        Console.WriteLine($"buffered {stream.BufferedMessages}, dropped {stream.DroppedMessages}, " +
            $"received {stream.ReceivedMessages}, malformed {stream.MalformedMessages}");
    }

    public static async Task SubscribeErrorsAsync(MarketDataStream stream, CancellationToken ct)
    {
        try
        {
            await stream.SubscribeAsync(StreamChannel.Depth, ["EURUSD"], cancellationToken: ct);
        }
        catch (DepthSubscriptionUnavailableException ex)
        {
            Console.WriteLine(ex.Recommendation);   // 4003: no order book for this symbol or plan
        }
        catch (SubscriptionLimitExceededException)
        {
            // 3004: the plan's limit; unsubscribe something, or spread over a MarketDataStreamPool
        }
        catch (RealtimeDataUnavailableException ex) when (ex.RetryableSymbols.Count > 0)
        {
            // 5004: ex.SubscribedSymbols are subscribed; retry the others later
            await stream.SubscribeAsync(StreamChannel.Depth, ex.RetryableSymbols, cancellationToken: ct);
        }
        catch (MarketDataTimeoutException)
        {
            // no answer within AckTimeout: the subscription stays registered and a late answer still applies
        }
    }

    public static async Task ReaderErrorsAsync(MarketDataStream stream, CancellationToken ct)
    {
        try
        {
            await foreach (StreamMessage message in stream.ReadAllAsync(ct))
            {
                Console.WriteLine(message);
            }

            // The loop ends normally when the stream is disposed.
        }
        catch (MarketDataAuthenticationException ex)
        {
            // 401/403 on a reconnect (key revoked, permission withdrawn): the stream is closed, create a new one.
            Console.WriteLine($"{ex.Code}: {ex.Recommendation}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // We stopped reading.
        }
    }

    public static async Task PoolAsync(string apiKey, IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var options = new MarketDataClientOptions
        {
            ApiKey = apiKey,
            Streaming = { MaxConnections = 3, MaxSubscriptionsPerConnection = 300 },   // a plan of 3 x 300
        };
        await using var pool = new MarketDataStreamPool(options);
        pool.StateChanged += (_, e) => Console.WriteLine($"connection {e.ConnectionIndex}: {e}");

        await pool.ConnectAsync(ct);
        await pool.SubscribeAsync(StreamChannel.Ticker, symbols, cancellationToken: ct);   // up to 900 symbols
        await foreach (TickerUpdate t in pool.ReadTickersAsync(ct))
        {
            Console.WriteLine($"{t.Symbol} {t.LastPrice}");
        }
    }

    public static void Register(HostApplicationBuilder builder)
    {
        builder.Services.AddMarketDataClient(builder.Configuration);   // IMarketDataClient
        builder.Services.AddMarketDataStream();                         // IMarketDataStream, MarketDataStreamPool
        builder.Services.AddHostedService<PriceWorker>();
    }

    public static void RegisterStreamOnly(IServiceCollection services)
    {
        services.AddMarketDataStream(o => o.ApiKey = Environment.GetEnvironmentVariable("MARKETDATA_API_KEY"));
    }
}

internal sealed class PriceWorker(IMarketDataStream stream, ILogger<PriceWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stream.StateChanged += (_, e) => logger.LogInformation("Stream {Change}", e);
        await stream.ConnectAsync(stoppingToken);
        await stream.SubscribeAsync(StreamChannel.Ticker, ["AAPL.US", "BTCUSDT"], cancellationToken: stoppingToken);

        await foreach (TickerUpdate t in stream.ReadTickersAsync(stoppingToken))
        {
            logger.LogInformation("{Symbol} {Price}", t.Symbol, t.LastPrice);
        }
    }
}
