using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>HTTP: routes answered from <see cref="StubReply"/> lists, or one free handler for whatever no route takes.</summary>
internal sealed partial class LoopbackServer
{
    private readonly List<(string Method, Regex Path, Func<ReceivedRequest, StubReply> Responder)> _routes = [];
    private RequestDelegate? _handler;

    /// <summary>Answers requests to <paramref name="path"/> (a trailing or inner <c>*</c> matches anything) with the replies in order; the last one repeats.</summary>
    public LoopbackServer On(string method, string path, params StubReply[] replies)
    {
        ArgumentOutOfRangeException.ThrowIfZero(replies.Length);
        return On(method, path, (_, n) => replies[Math.Min(n, replies.Length - 1)]);
    }

    /// <summary>Answers requests to <paramref name="path"/> with whatever <paramref name="responder"/> makes of the request and its index.</summary>
    public LoopbackServer On(string method, string path, Func<ReceivedRequest, int, StubReply> responder)
    {
        var count = 0;
        var pattern = new Regex("^" + Regex.Escape(path).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
        lock (_routes)
        {
            _routes.Add((method, pattern, r => responder(r, Interlocked.Increment(ref count) - 1)));
        }

        return this;
    }

    public LoopbackServer OnGet(string path, params StubReply[] replies) => On("GET", path, replies);

    /// <summary>Hands every request no route takes (and that is not an upgrade) to <paramref name="handler"/>, which answers it as it likes.</summary>
    public LoopbackServer Handle(RequestDelegate handler)
    {
        _handler = handler;
        return this;
    }

    private Func<ReceivedRequest, StubReply>? FindRoute(ReceivedRequest request)
    {
        lock (_routes)
        {
            return _routes.FirstOrDefault(r => r.Method == request.Method && r.Path.IsMatch(request.Path)).Responder;
        }
    }

    private void ResetHttp()
    {
        lock (_routes)
        {
            _routes.Clear();
        }

        _handler = null;
    }

    private async Task ReplyAsync(HttpContext context, StubReply reply)
    {
        if (reply.Hold)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            reply = new StubReply(503, null);
        }

        await reply.WriteToAsync(context.Response);
    }
}
