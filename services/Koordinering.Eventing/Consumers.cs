using System.Diagnostics;
using System.Text.Json;
using Koordinering.Contracts.Events;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Koordinering.Eventing;

/// <summary>
/// Handles one kind of event. It runs inside the transaction that records the event in the
/// inbox, on the service's scoped DbContext: its changes, the events it adds and the inbox row
/// commit together. It never calls SaveChanges itself, and never waits on another service inside
/// it: what it must look up elsewhere it looks up first, in <see cref="IPreparesEvent{TEvent}"/>.
/// </summary>
public interface IEventConsumer<in TEvent> where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by a handler for an event that can never be processed: it is dropped, and its message
/// is logged, so the message names states and ids, never personal data.
/// </summary>
public sealed class PermanentEventException(string message) : Exception(message);

/// <summary>Dapr's answers to a delivery.</summary>
public static class DeliveryReplies
{
    public static IResult Success => Results.Json(new { status = "SUCCESS" });
    public static IResult Retry => Results.Json(new { status = "RETRY" });
    public static IResult Drop => Results.Json(new { status = "DROP" });
}

/// <summary>
/// The part of a subscription route that does the work, so a route stays one line and the
/// handler can be driven without Dapr: deserialize, deduplicate through the inbox, handle,
/// commit, and answer with Dapr's status.
/// </summary>
public sealed partial class EventDispatcher(
    IServiceProvider services,
    ServiceDatabaseRegistration database,
    EventingTelemetry telemetry,
    ILogger<EventDispatcher> logger)
{
    /// <param name="source">The CloudEvent's <c>source</c>: only the service that owns the event type may have sent it.</param>
    public async Task<DeliveryStatus> DispatchAsync<TEvent, THandler>(Stream body, string source, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent
        where THandler : IEventConsumer<TEvent>
    {
        var eventType = EventTypes.Of<TEvent>();
        var started = Stopwatch.GetTimestamp();
        DeliveryStatus outcome;
        if (source != EventTypes.ProducerOf(eventType))
        {
            LogForeignProducer(logger, eventType, source.Length <= 64 ? source : source[..64]);
            outcome = DeliveryStatus.Drop;
        }
        else
        {
            outcome = await DispatchCoreAsync<TEvent, THandler>(eventType, body, cancellationToken);
        }
        telemetry.Handled(eventType, outcome.ToString().ToUpperInvariant(), Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    /// <summary>
    /// Handles a stored event again (an operator's replay of a subscription dead letter) with every
    /// handler this service has for its type, as if its owner had delivered it: Drop when none has.
    /// </summary>
    public async Task<DeliveryStatus> RedispatchAsync(string eventType, string payload, CancellationToken cancellationToken)
    {
        var method = typeof(EventDispatcher).GetMethod(nameof(DispatchAsync))!;
        var outcomes = new List<DeliveryStatus>();
        foreach (var subscription in services.GetServices<EventSubscription>().Where(s => EventTypes.Of(s.EventType) == eventType))
        {
            using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(payload));
            outcomes.Add(await (Task<DeliveryStatus>)method.MakeGenericMethod(subscription.EventType, subscription.HandlerType)
                .Invoke(this, [body, EventTypes.ProducerOf(eventType), cancellationToken])!);
        }
        return outcomes.Count == 0 || outcomes.Contains(DeliveryStatus.Drop) ? DeliveryStatus.Drop
            : outcomes.Contains(DeliveryStatus.Retry) ? DeliveryStatus.Retry
            : DeliveryStatus.Success;
    }

    private async Task<DeliveryStatus> DispatchCoreAsync<TEvent, THandler>(string eventType, Stream body, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent
        where THandler : IEventConsumer<TEvent>
    {
        TEvent? integrationEvent;
        try
        {
            integrationEvent = await JsonSerializer.DeserializeAsync<TEvent>(body, EventStorage.Json, cancellationToken);
        }
        catch (JsonException)
        {
            integrationEvent = null;
        }
        if (integrationEvent is null || integrationEvent.EventId == Guid.Empty)
        {
            LogUnreadable(logger, eventType);
            return DeliveryStatus.Drop;
        }

        using var activity = EventingTelemetry.Source.StartActivity($"handle {eventType}", ActivityKind.Consumer);
        activity?.SetTag("messaging.message.id", integrationEvent.EventId.ToString());
        activity?.SetTag("messaging.destination.name", eventType);

        var handlerName = typeof(THandler).Name;
        var db = (DbContext)services.GetRequiredService(database.ContextType);
        try
        {
            var handler = services.GetRequiredService<THandler>();
            // A consumer that prepares looks for a handled event first, outside any transaction, so an event already
            // handled asks no register again and a register's answer is awaited with no transaction open.
            var preparing = handler as IPreparesEvent<TEvent>;
            if (preparing is not null)
            {
                if (await HandledAsync(db, integrationEvent.EventId, handlerName, eventType, cancellationToken))
                {
                    return DeliveryStatus.Success;
                }
                await preparing.PrepareAsync(integrationEvent, cancellationToken);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The inbox row is the transaction's first statement: it claims the event for this handler, or finds it
            // handled, in one round trip. A delivery racing with this one waits on the primary key until this
            // transaction ends, then finds the row (and changes nothing) or, after a rollback, claims it itself.
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!await ClaimAsync(db, integrationEvent.EventId, handlerName, eventType, now, cancellationToken))
            {
                LogDuplicate(logger, integrationEvent.EventId, eventType);
                return DeliveryStatus.Success;
            }
            // The change is credited to the event and its producer in the audit trail too.
            db.Set<AuditRecord>().Add(new AuditRecord
            {
                At = now,
                ActorKind = "event",
                ActorId = EventTypes.ProducerOf(eventType),
                MunicipalityNumber = integrationEvent.MunicipalityNumber is { Length: 4 } m && m.All(char.IsAsciiDigit) ? m : null,
                Action = $"{eventType}/{handlerName}",
                Resource = $"event:{integrationEvent.EventId}",
                Purpose = "event",
                TraceId = Activity.Current?.TraceId.ToString(),
                Allowed = true,
            });
            await handler.HandleAsync(integrationEvent, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return DeliveryStatus.Success;
        }
        catch (PermanentEventException ex)
        {
            LogDropped(logger, integrationEvent.EventId, eventType, ex.Message);
            return DeliveryStatus.Drop;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogRetry(logger, integrationEvent.EventId, eventType, ex.GetType().Name);
            return DeliveryStatus.Retry;
        }
    }

    /// <summary>Inserts the inbox row unless it is there: true when this delivery claimed the event.</summary>
    private static async Task<bool> ClaimAsync(DbContext db, Guid eventId, string handlerName, string eventType, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO inbox_messages (event_id, handler, event_type, processed_at) VALUES ({eventId}, {handlerName}, {eventType}, {now}) ON CONFLICT DO NOTHING",
            cancellationToken) == 1;

    private async Task<bool> HandledAsync(DbContext db, Guid eventId, string handlerName, string eventType, CancellationToken cancellationToken)
    {
        if (!await db.Set<InboxMessage>().AsNoTracking().AnyAsync(m => m.EventId == eventId && m.Handler == handlerName, cancellationToken))
        {
            return false;
        }
        LogDuplicate(logger, eventId, eventType);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivered {EventType} claims the source {Source}, not the service that owns it; it is dropped")]
    private static partial void LogForeignProducer(ILogger logger, string eventType, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "A delivered {EventType} could not be read; it is dropped")]
    private static partial void LogUnreadable(ILogger logger, string eventType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}) was already handled; the redelivery changes nothing")]
    private static partial void LogDuplicate(ILogger logger, Guid eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({EventType}) can never be processed and is dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, Guid eventId, string eventType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling event {EventId} ({EventType}) failed ({Error}); Dapr will redeliver it")]
    private static partial void LogRetry(ILogger logger, Guid eventId, string eventType, string error);
}
