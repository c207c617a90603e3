using System.Net.Http.Headers;
using System.Text.Json;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>Delivers an integration event to a service's Dapr route, as the sidecar would.</summary>
public static class CloudEventPost
{
    public static async Task<string> SendAsync<TEvent>(HttpClient http, TEvent integrationEvent, CancellationToken cancellationToken) where TEvent : IntegrationEvent
    {
        var type = EventTypes.Of<TEvent>();
        var bytes = CloudEvents.Serialize(new OutboxMessage
        {
            Id = integrationEvent.EventId, EventType = type, Topic = type, AggregateId = integrationEvent.AggregateId,
            MunicipalityNumber = integrationEvent.MunicipalityNumber, Payload = JsonSerializer.Serialize(integrationEvent, EventStorage.Json), CreatedAt = integrationEvent.OccurredAt,
        }, "test");
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        using var response = await http.PostAsync(new Uri($"/events/{type}", UriKind.Relative), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return doc.RootElement.GetProperty("status").GetString()!;
    }
}
