using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// An SMS gateway on loopback in the shape <see cref="Notification.Channels.GatewaySmsSender"/> speaks
/// (<c>POST /sms/send</c> with source, destination, userData, refId): it sends a message once per <c>refId</c> and
/// answers 409 Conflict to a reference it has already sent.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly FakeHttpServer _server = new();

    public FakeSmsGateway() => _server.Respond = Answer;

    public string BaseAddress => _server.BaseAddress;

    public FakeHttpServer Server => _server;

    /// <summary>The messages sent (once each), by refId: the destination and the text.</summary>
    public ConcurrentDictionary<string, (string Destination, string Text)> Sent { get; } = new();

    /// <summary>How many requests came for each refId (retries included).</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new();

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        if (request.Path != "/sms/send")
        {
            return new(HttpStatusCode.NotFound);
        }
        var body = JsonDocument.Parse(request.Body).RootElement;
        var refId = body.GetProperty("refId").GetString()!;
        Requests.AddOrUpdate(refId, 1, (_, n) => n + 1);
        return Sent.TryAdd(refId, (body.GetProperty("destination").GetString()!, body.GetProperty("userData").GetString()!))
            ? new(HttpStatusCode.OK, $$"""{"messageId":"{{Guid.NewGuid()}}","refId":"{{refId}}"}""")
            : new(HttpStatusCode.Conflict, """{"message":"duplicate refId"}""");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
