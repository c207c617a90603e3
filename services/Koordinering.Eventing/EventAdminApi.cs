using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using V1 = Koordinering.Operations.V1;

namespace Koordinering.Eventing;

/// <summary>Lists and replays this service's dead-lettered events, for operators.</summary>
public sealed class EventAdminApi(IServiceProvider services, ServiceDatabaseRegistration database, OutboxSignal signal, TimeProvider time,
    SubjectAccess access, AuditTrail trail, IOptions<EventingOptions> options)
    : V1.EventAdminService.EventAdminServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<V1.ListDeadLettersResponse> ListDeadLetters(V1.ListDeadLettersRequest request, ServerCallContext context)
    {
        var caller = Authorize(context);
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            throw RpcErrors.InvalidArgument("page_size", $"must be between 0 and {MaxPageSize}");
        }
        var offset = 0;
        if (request.PageToken.Length > 0 && (!int.TryParse(request.PageToken, out offset) || offset < 0))
        {
            throw RpcErrors.InvalidArgument("page_token", "is not a token this service gave out");
        }
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        // An operator sees the dead letters of the municipalities they serve, and nothing else.
        var served = access.MunicipalitiesOperated(caller);
        trail.Touch(null, "dead_letters", served.Count == 1 ? served.First() : null, purpose: "operations");
        var query = Db.Set<DeadLetter>().AsNoTracking().Where(d => served.Contains(d.MunicipalityNumber));
        if (!request.IncludeReplayed)
        {
            query = query.Where(d => d.ReplayedAt == null);
        }
        var page = await query.OrderByDescending(d => d.DeadLetteredAt).ThenBy(d => d.Id)
            .Skip(offset).Take(size + 1).ToListAsync(context.CancellationToken);

        var response = new V1.ListDeadLettersResponse { NextPageToken = page.Count > size ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : "" };
        response.DeadLetters.AddRange(page.Take(size).Select(ToProto));
        return response;
    }

    /// <summary>
    /// Replays one dead letter, in a municipality the operator serves, after checking it against
    /// its contract. This service's own event goes back to the outbox; an event this service failed
    /// to handle is handled here again (never republished: only its owner publishes it).
    /// </summary>
    public override async Task<V1.ReplayDeadLetterResponse> ReplayDeadLetter(V1.ReplayDeadLetterRequest request, ServerCallContext context)
    {
        var caller = Authorize(context);
        var id = RpcErrors.ParseId(request.DeadLetterId, "dead_letter_id");
        var db = Db;
        var deadLetter = await db.Set<DeadLetter>().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken);
        if (deadLetter is null || !access.OperatesIn(caller, deadLetter.MunicipalityNumber))
        {
            throw RpcErrors.NotFound("dead letter");
        }
        trail.Touch(null, $"dead_letter:{deadLetter.Id}", deadLetter.MunicipalityNumber, purpose: "operations");
        if (deadLetter.ReplayedAt is not null)
        {
            throw RpcErrors.FailedPrecondition("This dead letter was already replayed.");
        }
        if (EventContracts.Read(deadLetter.EventType, deadLetter.Payload) is not { } contract
            || contract.EventId != deadLetter.EventId || contract.MunicipalityNumber != deadLetter.MunicipalityNumber)
        {
            throw RpcErrors.FailedPrecondition("The dead letter does not match its event contract; it is kept as evidence and not replayed.");
        }
        return deadLetter.Source == DeadLetterSource.Outbox
            ? await RepublishAsync(db, deadLetter, context.CancellationToken)
            : await HandleAgainAsync(db, deadLetter, context.CancellationToken);
    }

    private async Task<V1.ReplayDeadLetterResponse> RepublishAsync(DbContext db, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        if (EventTypes.ProducerOf(deadLetter.EventType) != options.Value.ServiceName)
        {
            throw RpcErrors.FailedPrecondition("Only the service that owns an event type publishes it.");
        }
        var deliveries = services.GetService<SubscriberDeliveries>();
        if (deadLetter.Subscriber is not null && deliveries is not null)
        {
            return await RedeliverAsync(db, deadLetter, deliveries, cancellationToken);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        // A published row goes (with its deliveries) unless a subscriber still waits for it.
        await db.Set<OutboxMessage>()
            .Where(m => m.Id == deadLetter.EventId && m.PublishedAt != null && !db.Set<OutboxDelivery>().Any(d => d.MessageId == m.Id && d.DeliveredAt == null))
            .ExecuteDeleteAsync(cancellationToken);
        if (await db.Set<OutboxMessage>().AnyAsync(m => m.Id == deadLetter.EventId, cancellationToken))
        {
            throw RpcErrors.FailedPrecondition("The event is already waiting in the outbox.");
        }
        db.Set<OutboxMessage>().Add(NewOutboxRow(deadLetter, now));
        deadLetter.ReplayedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return new V1.ReplayDeadLetterResponse { DeadLetter = ToProto(deadLetter) };
    }

    /// <summary>
    /// Direct delivery: an event one subscriber kept refusing goes back into that subscriber's
    /// queue alone (the others have it already), the outbox row made again if retention removed it.
    /// </summary>
    private async Task<V1.ReplayDeadLetterResponse> RedeliverAsync(DbContext db, DeadLetter deadLetter, SubscriberDeliveries deliveries, CancellationToken cancellationToken)
    {
        var subscriber = deadLetter.Subscriber!;
        if (!deliveries.Subscribers.Contains(subscriber))
        {
            throw RpcErrors.FailedPrecondition("The subscriber of this dead letter is no longer configured; it stays a dead letter.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var message = await db.Set<OutboxMessage>().FirstOrDefaultAsync(m => m.Id == deadLetter.EventId, cancellationToken);
        if (message is null)
        {
            message = NewOutboxRow(deadLetter, now);
            message.PublishedAt = now;
            db.Set<OutboxMessage>().Add(message);
            await db.SaveChangesAsync(cancellationToken); // its sequence orders the delivery
        }
        var existing = await db.Set<OutboxDelivery>().FirstOrDefaultAsync(d => d.MessageId == message.Id && d.Subscriber == subscriber, cancellationToken);
        if (existing is { DeliveredAt: null })
        {
            throw RpcErrors.FailedPrecondition("The event is already waiting for this subscriber.");
        }
        if (existing is not null)
        {
            db.Set<OutboxDelivery>().Remove(existing);
            await db.SaveChangesAsync(cancellationToken);
        }
        db.Set<OutboxDelivery>().Add(new OutboxDelivery
        {
            MessageId = message.Id,
            Subscriber = subscriber,
            AggregateId = message.AggregateId,
            CreatedAt = message.CreatedAt,
            Sequence = message.Sequence,
            NextAttemptAt = now,
        });
        deadLetter.ReplayedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        deliveries.Wake(subscriber);
        return new V1.ReplayDeadLetterResponse { DeadLetter = ToProto(deadLetter) };
    }

    private static OutboxMessage NewOutboxRow(DeadLetter deadLetter, DateTimeOffset now) => new()
    {
        Id = deadLetter.EventId,
        EventType = deadLetter.EventType,
        Topic = deadLetter.Topic,
        AggregateId = deadLetter.AggregateId,
        MunicipalityNumber = deadLetter.MunicipalityNumber,
        Payload = deadLetter.Payload,
        TraceParent = deadLetter.TraceParent,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private async Task<V1.ReplayDeadLetterResponse> HandleAgainAsync(DbContext db, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        var outcome = await services.GetRequiredService<EventDispatcher>().RedispatchAsync(deadLetter.EventType, deadLetter.Payload, cancellationToken);
        if (outcome != DeliveryStatus.Success)
        {
            throw RpcErrors.FailedPrecondition(outcome == DeliveryStatus.Drop
                ? "This service has no handler that accepts the event; it stays a dead letter."
                : "Handling the event failed again; it stays a dead letter.");
        }
        deadLetter.ReplayedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new V1.ReplayDeadLetterResponse { DeadLetter = ToProto(deadLetter) };
    }

    private DbContext Db => (DbContext)services.GetRequiredService(database.ContextType);

    private static Caller Authorize(ServerCallContext context)
    {
        var caller = context.Caller();
        if (!caller.IsOperator)
        {
            throw RpcErrors.PermissionDenied("Dead letters are for operators: the employee role 'operator' or the scope 'koordinering:operations'.");
        }
        return caller;
    }

    private static V1.DeadLetter ToProto(DeadLetter d) => new()
    {
        DeadLetterId = d.Id.ToString(),
        EventId = d.EventId.ToString(),
        EventType = d.EventType,
        Topic = d.Topic,
        Source = d.Source == DeadLetterSource.Outbox ? V1.DeadLetterSource.Outbox : V1.DeadLetterSource.Subscription,
        AggregateId = d.AggregateId.ToString(),
        MunicipalityNumber = d.MunicipalityNumber,
        Attempts = d.Attempts,
        LastError = d.LastError ?? "",
        DeadLetteredAt = Timestamp.FromDateTimeOffset(d.DeadLetteredAt),
        ReplayedAt = d.ReplayedAt is { } r ? Timestamp.FromDateTimeOffset(r) : null,
        Subscriber = d.Subscriber ?? "",
    };
}
