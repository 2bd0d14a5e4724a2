using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MarketData.Client.Testing.Internal;

/// <summary>Wraps ASP.NET Core's WebSocket feature to hand the accepted socket to the simulator's connection.</summary>
internal sealed class CapturingWebSocketFeature(IHttpWebSocketFeature inner, StreamConnection connection) : IHttpWebSocketFeature
{
    public bool IsWebSocketRequest => inner.IsWebSocketRequest;

    public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        var socket = await inner.AcceptAsync(context).ConfigureAwait(false);
        connection.Attach(socket);
        return socket;
    }
}
