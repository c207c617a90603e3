using Koordinering.Plan.Data;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Conversations;

/// <summary>One conversation in a reader's overview.</summary>
public sealed record ConversationSummary(Guid CoordinationId, Guid PlanId, int MessageCount, int UnreadCount, DateTimeOffset LastMessageAt);

/// <summary>
/// A reader's conversations across every active plan they may read (as their own calendar: <see cref="ReadablePlans"/>),
/// with how many messages each holds and how many the reader has not read; each person whose plan is listed sees the
/// access in their own access log.
/// </summary>
public sealed class ConversationOverview(PlanDbContext db, ReadablePlans readable, AuditTrail audit)
{
    public async Task<List<ConversationSummary>> MineAsync(Caller caller, CancellationToken cancellationToken)
    {
        audit.Touch(caller.Kind == CallerKind.Citizen ? caller.Id : null, "conversations:mine");
        var plans = await readable.ForAsync(caller, cancellationToken);
        audit.Disclosed(plans, p => p.PersonIdentityNumber, p => $"conversation:{p.CoordinationId}");
        var reader = ConversationReaders.Key(caller);
        var ids = plans.Select(p => p.CoordinationId).ToList();
        var totals = await db.Messages.Where(m => ids.Contains(m.CoordinationId)).GroupBy(m => m.CoordinationId)
            .Select(g => new { g.Key, Count = g.Count(), Last = g.Max(m => m.WrittenAt) }).ToListAsync(cancellationToken);
        var unread = await db.Messages.Where(m => ids.Contains(m.CoordinationId) && m.AuthorKey != reader && !m.Reads.Any(r => r.ReaderKey == reader))
            .GroupBy(m => m.CoordinationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var planOf = plans.DistinctBy(p => p.CoordinationId).ToDictionary(p => p.CoordinationId, p => p.Id);
        return totals.Select(t => new ConversationSummary(t.Key, planOf[t.Key], t.Count, unread.GetValueOrDefault(t.Key), t.Last))
            .OrderByDescending(s => s.LastMessageAt).ToList();
    }
}
