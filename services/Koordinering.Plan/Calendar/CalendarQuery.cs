using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Calendar;

/// <summary>One dated thing of a plan: a meeting, a measure's deadline or an evaluation.</summary>
public sealed record CalendarEntry(string Kind, DateTimeOffset At, string Title, string? ReferenceId, Guid PlanId);

/// <summary>
/// The calendar of one plan, and a person's, guardian's, coordinator's or participant's own calendar over
/// all the plans they may read (<see cref="ReadablePlans"/>), their meetings in one query.
/// </summary>
public sealed class CalendarQuery(PlanDbContext db, PlanAccess access, ReadablePlans readable, AuditTrail audit)
{
    public async Task<List<CalendarEntry>> ForPlanAsync(Caller caller, Guid planId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (plan, _) = await access.PlanAsync(caller, planId, PlanRole.Participant, tracked: false, cancellationToken);
        return await EntriesAsync([plan], from, to, cancellationToken);
    }

    public async Task<List<CalendarEntry>> MineAsync(Caller caller, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        audit.Touch(caller.Kind == CallerKind.Citizen ? caller.Id : null, "calendar:mine");
        var shown = await readable.ForAsync(caller, cancellationToken);
        audit.Disclosed(shown, p => p.PersonIdentityNumber, p => $"plan:{p.Id}:calendar");
        return await EntriesAsync(shown, from, to, cancellationToken);
    }

    private async Task<List<CalendarEntry>> EntriesAsync(IReadOnlyList<CarePlan> plans, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var planIds = plans.Select(p => p.Id).ToList();
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => planIds.Contains(m.PlanId) && m.Status == MeetingStatus.Scheduled && m.StartsAt >= from && m.StartsAt <= to)
            .ToListAsync(cancellationToken);
        return meetings.Select(m => new CalendarEntry("meeting", m.StartsAt, m.Agenda ?? "Ansvarsgruppemøte", m.Id.ToString(), m.PlanId))
            .Concat(plans.SelectMany(PlanEntries))
            .Where(e => e.At >= from && e.At <= to)
            .OrderBy(e => e.At)
            .ToList();
    }

    /// <summary>A measure's deadline and an evaluation date fall at noon of their day.</summary>
    private static IEnumerable<CalendarEntry> PlanEntries(CarePlan plan) =>
        plan.Content.Measures.Where(m => m.Deadline is not null && m.Status is MeasureStatus.Planned or MeasureStatus.Ongoing)
            .Select(m => new CalendarEntry("measure_deadline", AtNoon(m.Deadline!.Value), m.Title, m.Id, plan.Id))
            .Concat(plan.Content.EvaluationDates.Select(d => new CalendarEntry("evaluation", AtNoon(d), "Evaluering", null, plan.Id)));

    private static DateTimeOffset AtNoon(DateOnly date) => new(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}
