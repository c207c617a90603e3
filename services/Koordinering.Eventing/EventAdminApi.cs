using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using V1 = Koordinering.Operations.V1;

namespace Koordinering.Eventing;

/// <summary>Lists and replays this service's dead-lettered events, for operators.</summary>
public sealed class EventAdminApi(IServiceProvider services, ServiceDatabaseRegistration database, OutboxSignal signal, TimeProvider time)
    : V1.EventAdminService.EventAdminServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<V1.ListDeadLettersResponse> ListDeadLetters(V1.ListDeadLettersRequest request, ServerCallContext context)
    {
        Authorize(context);
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
        var query = Db.Set<DeadLetter>().AsNoTracking();
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

    public override async Task<V1.ReplayDeadLetterResponse> ReplayDeadLetter(V1.ReplayDeadLetterRequest request, ServerCallContext context)
    {
        Authorize(context);
        var id = RpcErrors.ParseId(request.DeadLetterId, "dead_letter_id");
        var db = Db;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var deadLetter = await db.Set<DeadLetter>().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken)
            ?? throw RpcErrors.NotFound("dead letter");
        if (deadLetter.ReplayedAt is not null)
        {
            throw RpcErrors.FailedPrecondition("This dead letter was already replayed.");
        }

        var now = time.GetUtcNow();
        await db.Set<OutboxMessage>().Where(m => m.Id == deadLetter.EventId && m.PublishedAt != null).ExecuteDeleteAsync(context.CancellationToken);
        if (await db.Set<OutboxMessage>().AnyAsync(m => m.Id == deadLetter.EventId, context.CancellationToken))
        {
            throw RpcErrors.FailedPrecondition("The event is already waiting in the outbox.");
        }
        db.Set<OutboxMessage>().Add(new OutboxMessage
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
        });
        deadLetter.ReplayedAt = now;
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        signal.Notify();
        return new V1.ReplayDeadLetterResponse { DeadLetter = ToProto(deadLetter) };
    }

    private DbContext Db => (DbContext)services.GetRequiredService(database.ContextType);

    private static void Authorize(ServerCallContext context)
    {
        if (!Caller.From(context.GetHttpContext().User).IsOperator)
        {
            throw RpcErrors.PermissionDenied("Dead letters are for operators: the employee role 'operator' or the scope 'koordinering:operations'.");
        }
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
    };
}
