using System.Buffers;
using System.Runtime.CompilerServices;

namespace MarketData.Client.Http;

/// <summary>Reads a whole body into a pooled buffer, refusing more than a limit.</summary>
internal static class ResponseBodyReader
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<PooledBody> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var length = content.Headers.ContentLength;
        if (length > maxBytes)
        {
            throw new BodyTooLargeException(maxBytes);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(length is > 0 and < 1024 * 1024 ? (int)length.Value + 1 : 16 * 1024);
            var count = 0;
            try
            {
                while (true)
                {
                    if (count == buffer.Length)
                    {
                        if (buffer.Length >= maxBytes)
                        {
                            throw new BodyTooLargeException(maxBytes);
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Min(maxBytes + 1, Array.MaxLength)));
                        buffer.AsSpan(0, count).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    count += read;
                    if (count > maxBytes)
                    {
                        throw new BodyTooLargeException(maxBytes);
                    }
                }

                return new PooledBody(buffer, count);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
    }
}

/// <summary>A body in a pooled buffer; dispose returns the buffer.</summary>
internal readonly struct PooledBody : IDisposable
{
    private readonly byte[]? _buffer;
    private readonly int _length;

    public PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<byte> Span => _buffer is null ? default : _buffer.AsSpan(0, _length);

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}

/// <summary>The body is longer than <see cref="MarketDataClientOptions.MaxResponseBytes"/>.</summary>
internal sealed class BodyTooLargeException(long limit) : IOException($"The reply is longer than the limit of {limit} bytes (MarketDataClientOptions.MaxResponseBytes).");
