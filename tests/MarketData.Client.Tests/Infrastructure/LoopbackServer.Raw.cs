using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// Raw TCP, for failures HTTP cannot produce: while a raw script is set, every connection bypasses HTTP; the server reads
/// the request head, writes the bytes the script gives for it (a truncated or malformed reply) and closes the connection,
/// or, when the script gives none, resets it.
/// </summary>
internal sealed partial class LoopbackServer
{
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();
    private Func<int, string?>? _rawScript;

    /// <summary>Answers each request with raw text, then closes the connection.</summary>
    /// <param name="script">Given the 0-based request index, the raw text to write before closing (null: reset the connection at once).</param>
    public LoopbackServer ReplyRaw(Func<int, string?> script)
    {
        _rawScript = script;
        return this;
    }

    private void ResetRaw() => _rawScript = null;

    private ConnectionDelegate OnConnection(ConnectionDelegate next) => async connection =>
    {
        Interlocked.Increment(ref _tcpConnections);
        if (_rawScript is not { } script)
        {
            await next(connection);
            return;
        }

        try
        {
            if (await ReadHeadAsync(connection) is not { } head)
            {
                return;
            }

            var index = Record(ReceivedRequest.FromHead(head, Clock.GetUtcNow()));
            if (script(index) is { } reply)
            {
                // Sent in full, then closed (FIN): the client reads exactly these bytes and then the end of the stream.
                await connection.Transport.Output.WriteAsync(Encoding.UTF8.GetBytes(reply), _stopping.Token);
                await connection.Transport.Output.CompleteAsync();
                return;
            }

            // Nothing to send: reset the connection (RST).
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }

            connection.Abort();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
            connection.Abort();
        }
    };

    private async Task<string?> ReadHeadAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(_stopping.Token);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> head, EndOfHead))
            {
                var text = Encoding.ASCII.GetString(head);
                input.AdvanceTo(reader.Position);
                return text;
            }

            if (result.IsCompleted)
            {
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
