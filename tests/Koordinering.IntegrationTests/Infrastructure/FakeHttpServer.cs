using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>A real HTTP server on loopback standing in for an outside service (SMS gateway, SvarUt); records what it got.</summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    /// <summary>A request as received: <see cref="Body"/> decoded as UTF-8, <see cref="Raw"/> the bytes (for binary parts), <see cref="Query"/> the query string.</summary>
    public sealed record Request(string Path, string Body, string? Authorization = null, string? ContentType = null, byte[]? Raw = null, string? Query = null,
        IReadOnlyDictionary<string, string>? Headers = null);

    /// <summary>An answer with a body, after an optional delay (to stand for a slow service).</summary>
    public sealed record Reply(HttpStatusCode Status, string Body = "", string ContentType = "application/json", TimeSpan Delay = default);

    public ConcurrentQueue<Request> Received { get; } = new();

    /// <summary>The status to answer a request with; 200 unless the test says otherwise.</summary>
    public Func<Request, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.OK;

    /// <summary>When set, the answer with a body (and delay); takes precedence over <see cref="Answer"/>.</summary>
    public Func<Request, Reply>? Respond { get; set; }

    public string BaseAddress { get; }

    public FakeHttpServer()
    {
        // Another process on the machine may take the port between the probe and the bind: take the next.
        for (var tries = 1; ; tries++)
        {
            BaseAddress = $"http://127.0.0.1:{TestPorts.Next()}/";
            _listener.Prefixes.Add(BaseAddress);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (tries < 10)
            {
                _listener.Prefixes.Clear();
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            var request = new Request(context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(raw), context.Request.Headers["Authorization"], context.Request.ContentType,
                raw, context.Request.Url.Query,
                context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase));
            Received.Enqueue(request);
            if (Respond is { } respond)
            {
                _ = AnswerAsync(context, respond(request));
                continue;
            }
            context.Response.StatusCode = (int)Answer(request);
            context.Response.Close();
        }
    }

    private static async Task AnswerAsync(HttpListenerContext context, Reply reply)
    {
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay);
            }
            context.Response.StatusCode = (int)reply.Status;
            context.Response.ContentType = reply.ContentType;
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: Stop then Close unregisters the prefix twice, and the second time the managed listener binds the
        // port again to look it up, which fails (Address already in use) when another process has taken it meanwhile.
        _listener.Close();
        await _loop;
    }
}
