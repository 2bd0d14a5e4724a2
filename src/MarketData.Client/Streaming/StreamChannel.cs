namespace MarketData.Client.Streaming;

/// <summary>A channel of the realtime WebSocket API.</summary>
public enum StreamChannel
{
    /// <summary>Ticker updates (all markets). Wire value <c>ticker</c>.</summary>
    Ticker = 0,

    /// <summary>Order book depth (US, HK, A-shares, China futures, crypto). Wire value <c>depth</c>.</summary>
    Depth = 1,

    /// <summary>Trade prints (US, HK, A-shares, China futures, crypto). Wire value <c>trade</c>.</summary>
    Trade = 2,
}
