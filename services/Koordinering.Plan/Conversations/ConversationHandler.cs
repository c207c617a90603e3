using Koordinering.Eventing;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Koordinering.Plan.Conversations;

/// <summary>A page of a conversation, read by one reader: how many of its messages they have still not read.</summary>
public sealed record ConversationPage(IReadOnlyList<PlanMessage> Messages, string? NextPageToken, int UnreadCount, string ReaderKey);

/// <summary>
/// The conversation of a coordination: who may read and write it is decided by <see cref="PlanAccess"/>, as for the
/// plan (anyone else: NotFound); every read is audited; a new message and its event are saved in one transaction.
/// A message and the reading of it are serialised on its row (FOR UPDATE to edit, FOR SHARE to read), so an edit never
/// slips in after someone else has read it.
/// </summary>
public sealed class ConversationHandler(PlanDbContext db, TimeProvider time, PlanAccess access, MessageRecipients recipients, AuditTrail audit)
{
    public async Task<PlanMessage> PostAsync(Caller caller, Guid coordinationId, string text, Guid? correctsId, CancellationToken cancellationToken)
    {
        var (coordination, plan, role) = await OpenAsync(caller, coordinationId, "conversation", cancellationToken);
        RequireOpen(plan);
        var author = ConversationReaders.Author(caller, role, coordination.PersonIdentityNumber);
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        PlanMessage message;
        if (correctsId is { } corrects)
        {
            var corrected = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == corrects && m.CoordinationId == coordination.Id, cancellationToken)
                ?? throw RpcErrors.InvalidArgument("corrects_message_id", "must name a message of this conversation");
            message = corrected.CorrectedBy(id, author, text, now);
        }
        else
        {
            message = PlanMessage.Write(id, coordination.Id, author, text, now);
        }
        var told = await recipients.ForAsync(coordination, plan, author, cancellationToken);
        db.Messages.Add(message);
        db.AddEvent(MessageEvents.Posted(message, coordination, plan, author, caller.Kind == CallerKind.Citizen ? caller.Id : null, told, now));
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    /// <summary>Its author changes a message, while nobody else has read it.</summary>
    public async Task<PlanMessage> EditAsync(Caller caller, Guid messageId, string text, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var message = (await db.Messages.FromSql($"SELECT * FROM messages WHERE id = {messageId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault()
            ?? throw RpcErrors.NotFound("message");
        var (_, plan, _) = await OpenAsync(caller, message.CoordinationId, "message", cancellationToken);
        var reader = ConversationReaders.Key(caller);
        if (!message.WrittenBy(reader))
        {
            throw RpcErrors.PermissionDenied("Only the author of a message may change it.");
        }
        RequireOpen(plan);
        await db.Entry(message).Collection(m => m.Reads).LoadAsync(cancellationToken);
        message.Edit(reader, text, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return message;
    }

    /// <summary>A page of the conversation, oldest first; the messages on it are marked read for the caller.</summary>
    public async Task<ConversationPage> ReadAsync(Caller caller, Guid coordinationId, int pageSize, (DateTimeOffset At, Guid Id)? after, CancellationToken cancellationToken)
    {
        var (coordination, _, _) = await OpenAsync(caller, coordinationId, "conversation", cancellationToken);
        var reader = ConversationReaders.Key(caller);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var limit = pageSize + 1;
        var rows = after is { } from
            ? await db.Messages.FromSql($"""
                SELECT * FROM messages WHERE coordination_id = {coordination.Id} AND (written_at, id) > ({from.At}, {from.Id})
                ORDER BY written_at, id LIMIT {limit} FOR SHARE
                """).ToListAsync(cancellationToken)
            : await db.Messages.FromSql($"""
                SELECT * FROM messages WHERE coordination_id = {coordination.Id}
                ORDER BY written_at, id LIMIT {limit} FOR SHARE
                """).ToListAsync(cancellationToken);
        var page = rows.Take(pageSize).ToList();
        var ids = page.Select(m => m.Id).ToList();
        await db.MessageReads.Where(r => ids.Contains(r.MessageId)).LoadAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var message in page)
        {
            message.MarkReadBy(reader, now);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw RpcErrors.Aborted("The same messages were being read at the same time by the same reader; read them again.");
        }
        var unread = await db.Messages.CountAsync(m => m.CoordinationId == coordination.Id && m.AuthorKey != reader && !m.Reads.Any(r => r.ReaderKey == reader), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var next = rows.Count > pageSize ? PageToken.Encode(page[^1].WrittenAt, page[^1].Id) : null;
        return new ConversationPage(page, next, unread, reader);
    }

    /// <summary>The coordination, its plan and the caller's role; NotFound for those who may not read the plan. The read is audited.</summary>
    private async Task<(Coordination Coordination, CarePlan? Plan, PlanRole Role)> OpenAsync(Caller caller, Guid coordinationId, string what, CancellationToken cancellationToken)
    {
        var coordination = await db.Coordinations.AsNoTracking().Include(c => c.Appointments).FirstOrDefaultAsync(c => c.Id == coordinationId, cancellationToken)
            ?? throw RpcErrors.NotFound(what);
        audit.Touch(coordination.PersonIdentityNumber, $"conversation:{coordination.Id}", coordination.MunicipalityNumber);
        var plan = coordination.PlanId is { } planId ? await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken) : null;
        var role = await access.RoleAsync(caller, coordination, plan, cancellationToken);
        return role == PlanRole.None ? throw RpcErrors.NotFound(what) : (coordination, plan, role);
    }

    private static void RequireOpen(CarePlan? plan)
    {
        if (plan?.Status == PlanStatus.Closed)
        {
            throw RpcErrors.FailedPrecondition("The plan is closed and read-only; its conversation is kept, but no longer written in.");
        }
    }
}
