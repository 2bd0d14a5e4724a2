namespace MarketData.Client.Testing;

/// <summary>An embedded simulator of the market-data service on loopback (REST and WebSocket). Placeholder until the simulator lands.</summary>
public static class MarketDataSimulatorInfo
{
    /// <summary>The API key the simulator accepts.</summary>
    public const string DefaultApiKey = "sim-test-key";
}
