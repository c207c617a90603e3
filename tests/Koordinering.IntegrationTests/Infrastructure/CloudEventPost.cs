using System.Net.Http.Headers;
using System.Text.Json;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>Delivers an integration event to a service's Dapr route, as the sidecar would: from its owner, with the app API token (the host's <c>Http</c> client carries it).</summary>
public static class CloudEventPost
{
    public static async Task<string> SendAsync<TEvent>(HttpClient http, TEvent integrationEvent, CancellationToken cancellationToken) where TEvent : IntegrationEvent
    {
        using var content = Content(integrationEvent);
        using var response = await http.PostAsync(new Uri(Route<TEvent>(), UriKind.Relative), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return doc.RootElement.GetProperty("status").GetString()!;
    }

    public static string Route<TEvent>() where TEvent : IntegrationEvent => $"/events/{EventTypes.Of<TEvent>()}";

    /// <summary>The event as a structured CloudEvent, from its owner unless another <paramref name="source"/> is claimed.</summary>
    public static ByteArrayContent Content<TEvent>(TEvent integrationEvent, string? source = null) where TEvent : IntegrationEvent
    {
        var type = EventTypes.Of<TEvent>();
        var bytes = CloudEvents.Serialize(new OutboxMessage
        {
            Id = integrationEvent.EventId, EventType = type, Topic = type, AggregateId = integrationEvent.AggregateId,
            MunicipalityNumber = integrationEvent.MunicipalityNumber, Payload = JsonSerializer.Serialize(integrationEvent, EventStorage.Json), CreatedAt = integrationEvent.OccurredAt,
        }, source ?? EventTypes.ProducerOf(type));
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        return content;
    }
}
