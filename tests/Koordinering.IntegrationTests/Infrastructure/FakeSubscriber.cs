using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// A subscriber that speaks Dapr's app contract over real HTTP: it lists one topic on
/// <c>/dapr/subscribe</c>, takes CloudEvents on its route and answers SUCCESS, RETRY or DROP as
/// the test decides, recording every delivery, and answers <c>/health/ready</c> as the test
/// decides. It can go down (nothing listens on its port) and come back on the same address. It
/// runs on HttpListener rather than a generic host, so WebApplicationFactory instances starting
/// in parallel cannot capture it.
/// </summary>
public sealed class FakeSubscriber : IAsyncDisposable
{
    private HttpListener _listener = new();
    private readonly string[] _topics;
    private Task _loop;

    public sealed record Delivery(string EventId, string Subject, string Type, string? TraceParent);

    public ConcurrentQueue<Delivery> Accepted { get; } = new();
    public ConcurrentQueue<string> Attempts { get; } = new();

    /// <summary>The answer for an event id (SUCCESS, RETRY, DROP, or an HTTP status such as "503"); SUCCESS unless the test says otherwise.</summary>
    public Func<string, string> Answer { get; set; } = _ => "SUCCESS";

    /// <summary>Whether <c>/health/ready</c> answers 200 (else 503).</summary>
    public bool Healthy { get; set; } = true;

    /// <summary>Deliveries that reached it (any answer), and health checks.</summary>
    public int Requests => Volatile.Read(ref _requests);
    private int _requests;

    public string BaseAddress { get; }

    private FakeSubscriber(string[] topics)
    {
        _topics = topics;
        var port = TestPorts.Next();
        BaseAddress = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseAddress + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public static Task<FakeSubscriber> StartAsync(params string[] topics) => Task.FromResult(new FakeSubscriber(topics));

    /// <summary>Goes down: nothing listens on its port any more (connections are refused).</summary>
    public async Task StopAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    /// <summary>Comes back on the same address.</summary>
    public void Restart()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add(BaseAddress + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        var listener = _listener;
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string reply;
        Interlocked.Increment(ref _requests);
        if (context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath == "/health/ready")
        {
            context.Response.StatusCode = Healthy ? 200 : 503;
            reply = Healthy ? "Healthy" : "Unhealthy";
        }
        else if (context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath == "/dapr/subscribe")
        {
            reply = JsonSerializer.Serialize(_topics.Select(topic => new { pubsubname = "pubsub", topic, route = "/events/fake" }));
        }
        else
        {
            using var document = await JsonDocument.ParseAsync(context.Request.InputStream);
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString()!;
            Attempts.Enqueue(id);
            var answer = Answer(id);
            if (answer == "SUCCESS")
            {
                Accepted.Enqueue(new Delivery(id, root.GetProperty("subject").GetString()!, root.GetProperty("type").GetString()!, context.Request.Headers["traceparent"]));
            }
            if (int.TryParse(answer, out var httpStatus))
            {
                context.Response.StatusCode = httpStatus;
                reply = "";
            }
            else
            {
                reply = JsonSerializer.Serialize(new { status = answer });
            }
        }
        var bytes = Encoding.UTF8.GetBytes(reply);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener.IsListening)
        {
            await StopAsync();
        }
    }
}
