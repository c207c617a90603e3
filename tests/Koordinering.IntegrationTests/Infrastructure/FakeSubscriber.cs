using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// A subscriber that speaks Dapr's app contract over real HTTP: it lists one topic on
/// <c>/dapr/subscribe</c>, takes CloudEvents on its route and answers SUCCESS, RETRY or DROP as
/// the test decides, recording every delivery. It runs on HttpListener rather than a generic
/// host, so WebApplicationFactory instances starting in parallel cannot capture it.
/// </summary>
public sealed class FakeSubscriber : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string[] _topics;
    private readonly Task _loop;

    public sealed record Delivery(string EventId, string Subject, string Type, string? TraceParent);

    public ConcurrentQueue<Delivery> Accepted { get; } = new();
    public ConcurrentQueue<string> Attempts { get; } = new();

    /// <summary>The answer for an event id; SUCCESS unless the test says otherwise.</summary>
    public Func<string, string> Answer { get; set; } = _ => "SUCCESS";

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
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string reply;
        if (context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath == "/dapr/subscribe")
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
            reply = JsonSerializer.Serialize(new { status = answer });
        }
        var bytes = Encoding.UTF8.GetBytes(reply);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
