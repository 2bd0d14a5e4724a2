using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>
/// A bare TCP server on loopback for failures HTTP stubs cannot produce: it reads each request's head, writes the
/// raw bytes the script gives for that request (none, or a truncated reply) and then drops the connection.
/// </summary>
internal sealed class RawTcpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<int, string?> _script;
    private readonly Task _loop;
    private int _requests;

    /// <param name="script">Given the 0-based request index, the raw text to write before closing (null: close at once).</param>
    public RawTcpServer(Func<int, string?> script)
    {
        _script = script;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>An address on loopback where nothing listens (connections are refused).</summary>
    public static Uri ClosedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[8192];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var index = Interlocked.Increment(ref _requests) - 1;
                if (_script(index) is { } reply)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(reply), SocketFlags.None, _stopping.Token);
                }

                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
