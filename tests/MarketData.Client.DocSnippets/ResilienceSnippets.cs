namespace MarketData.Client.DocSnippets;

internal static class ResilienceSnippets
{
    public static MarketDataClientOptions Tune(string apiKey)
    {
        var options = new MarketDataClientOptions
        {
            ApiKey = apiKey,
            Resilience =
            {
                MaxRetries = 5,
                BaseDelay = TimeSpan.FromMilliseconds(200),
                MaxRetryAfter = TimeSpan.FromMinutes(2),
                TotalTimeout = TimeSpan.FromMinutes(3),
            },
        };
        return options;
    }

    public static MarketDataClientOptions Replace(string apiKey)
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<MarketDataException>(ex => ex.IsTransient),
                MaxRetryAttempts = 2,
            })
            .Build();
        var custom = new MarketDataClientOptions { ApiKey = apiKey, Resilience = { Pipeline = pipeline } };
        return custom;
    }
}
