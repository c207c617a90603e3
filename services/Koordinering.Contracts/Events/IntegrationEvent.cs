using System.Reflection;

namespace Koordinering.Contracts.Events;

/// <summary>
/// What every integration event carries. The event type (e.g.
/// <c>koordinering.application.submitted.v1</c>) is also its topic. Metadata holds ids and codes
/// only: never an identity number, a name or health text.
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>Set with the rest of the envelope by <see cref="EventEnvelope.Stamp{TEvent}"/>.</summary>
    public Guid EventId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public string MunicipalityNumber { get; init; } = "";

    /// <summary>The aggregate the event concerns; the relay keeps events of one aggregate in order.</summary>
    public Guid AggregateId { get; init; }
}

/// <summary>
/// When, where and about what an event happened: the one place an event's envelope is filled in
/// (a time-ordered id, the time, the municipality and the aggregate), so each event site sets only
/// its own fields.
/// </summary>
public readonly record struct EventEnvelope(DateTimeOffset At, string MunicipalityNumber, Guid AggregateId)
{
    public TEvent Stamp<TEvent>(TEvent integrationEvent) where TEvent : IntegrationEvent => integrationEvent with
    {
        EventId = Guid.CreateVersion7(At),
        OccurredAt = At,
        MunicipalityNumber = MunicipalityNumber,
        AggregateId = AggregateId,
    };
}

/// <summary>Names an integration event contract: its CloudEvent type and topic.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IntegrationEventAttribute(string type) : Attribute
{
    public string Type { get; } = type;
}

public static class EventTypes
{
    public static string Of<TEvent>() where TEvent : IntegrationEvent => Of(typeof(TEvent));

    public static string Of(Type eventType) =>
        eventType.GetCustomAttribute<IntegrationEventAttribute>()?.Type
        ?? throw new InvalidOperationException($"{eventType.Name} has no [IntegrationEvent] attribute.");

    /// <summary>
    /// The service that owns an event type and alone may publish it: the second part of
    /// <c>koordinering.&lt;service&gt;.&lt;what&gt;.v1</c>, as its app id and CloudEvent <c>source</c>
    /// (<c>koordinering-&lt;service&gt;</c>).
    /// </summary>
    public static string ProducerOf(string type) =>
        type.Split('.') is ["koordinering", var service, _, ..] ? $"koordinering-{service}" : "";

    /// <summary>How a change made by an event is credited in histories: the producing service and the event id.</summary>
    public static string ActorOf(IntegrationEvent integrationEvent) =>
        $"event:{ProducerOf(Of(integrationEvent.GetType()))}/{integrationEvent.EventId}";
}
