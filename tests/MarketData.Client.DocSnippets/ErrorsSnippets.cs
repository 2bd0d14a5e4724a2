namespace MarketData.Client.DocSnippets;

internal static class ErrorsSnippets
{
    public static void Describe()
    {
        ErrorDescriptor row = MarketDataErrors.Describe(ErrorCode.RateLimitExceeded);
        Console.WriteLine($"{row.WireCode}: {row.Meaning}. {row.Recommendation}. Retried: {row.IsTransient}");
    }

    public static async Task HandleAsync(IMarketDataClient client)
    {
        try
        {
            var book = await client.GetDepthAsync("700.HK", limit: 20);
        }
        catch (RateLimitExceededException ex)
        {
            // The SDK already waited and retried; this one asked for longer than MaxRetryAfter or retries ran out.
            Console.WriteLine($"Rate limited; retry after {ex.RetryAfter}");
        }
        catch (AmbiguousSymbolException ex)
        {
            Console.WriteLine($"Ambiguous; resend with one of: {string.Join(", ", ex.AvailableTypes)}");
        }
        catch (MarketDataAuthenticationException ex)
        {
            Console.WriteLine($"{ex.Code}: {ex.Recommendation}");
        }
        catch (MarketDataException ex) when (ex.IsTransient)
        {
            Console.WriteLine($"Temporary failure after retries: {ex.Message}");
        }
    }
}
