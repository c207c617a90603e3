using System.Reflection;
using System.Text.Json;
using Koordinering.Contracts.Events;

namespace Koordinering.Eventing;

/// <summary>The event contracts by type name, to check a stored event against its contract before it is used again.</summary>
public static class EventContracts
{
    private static readonly Dictionary<string, Type> ByType = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(IntegrationEvent)) && t.GetCustomAttribute<IntegrationEventAttribute>() is not null)
        .ToDictionary(EventTypes.Of, StringComparer.Ordinal);

    public static Type? Find(string eventType) => ByType.GetValueOrDefault(eventType);

    /// <summary>The event, if the payload is one of the named type with an id; otherwise null.</summary>
    public static IntegrationEvent? Read(string eventType, string payload)
    {
        if (Find(eventType) is not { } type)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(payload, type, EventStorage.Json) is IntegrationEvent e && e.EventId != Guid.Empty ? e : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
