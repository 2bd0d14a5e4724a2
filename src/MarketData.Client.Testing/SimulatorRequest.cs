namespace MarketData.Client.Testing;

/// <summary>One HTTP request the simulator received (a REST call or a WebSocket upgrade), as recorded in <see cref="MarketDataSimulator.ReceivedRequests"/>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query string.</param>
/// <param name="Query">The decoded query parameters; an <c>api_key</c> value is replaced by <c>***</c>.</param>
/// <param name="StatusCode">The HTTP status the simulator answered with (101 for an accepted WebSocket upgrade).</param>
/// <param name="ReceivedAt">When the request arrived, by the simulator's clock.</param>
public sealed record SimulatorRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    int StatusCode,
    DateTimeOffset ReceivedAt);
