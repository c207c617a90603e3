using Koordinering.Contracts.Events;

namespace Koordinering.Eventing;

/// <summary>
/// Implemented by a consumer that must ask something outside the service (a national register)
/// before it handles an event. The dispatcher calls it before it opens the transaction, so no
/// database transaction waits on a network call; what it finds is kept in the request's scope for
/// <see cref="IEventConsumer{TEvent}.HandleAsync"/> to read. It may run again on a redelivery,
/// so it must change nothing but that scope. A failure is retried like a failed handler.
/// </summary>
public interface IPreparesEvent<in TEvent> where TEvent : IntegrationEvent
{
    Task PrepareAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}
