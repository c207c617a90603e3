using Koordinering.Plan.Consent;
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
/// all the plans they may read: the plans, their coordinations and their meetings each in one query, and
/// the participant's consents asked together.
/// </summary>
public sealed class CalendarQuery(PlanDbContext db, PlanAccess access, IPopulationRegister register, IConsentCheck consent, AuditTrail audit)
{
    public async Task<List<CalendarEntry>> ForPlanAsync(Caller caller, Guid planId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (plan, _) = await access.PlanAsync(caller, planId, PlanRole.Participant, tracked: false, cancellationToken);
        return await EntriesAsync([plan], from, to, cancellationToken);
    }

    public async Task<List<CalendarEntry>> MineAsync(Caller caller, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        audit.Touch(caller.Kind == CallerKind.Citizen ? caller.Id : null, "calendar:mine");
        var candidates = await CandidatesAsync(caller, cancellationToken);
        var coordinationIds = candidates.Select(p => p.CoordinationId).Distinct().ToList();
        var coordinations = await db.Coordinations.AsNoTracking().Include(c => c.Appointments)
            .Where(c => coordinationIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var shown = new List<CarePlan>();
        var askConsent = new List<CarePlan>();
        foreach (var plan in candidates)
        {
            switch (await access.RoleBeforeConsentAsync(caller, coordinations[plan.CoordinationId], plan, cancellationToken))
            {
                case null:
                    askConsent.Add(plan);
                    break;
                case >= PlanRole.Participant:
                    shown.Add(plan);
                    break;
            }
        }
        if (askConsent.Count > 0)
        {
            var verdicts = await consent.CheckParticipantsAsync(askConsent.Select(p => (p.PersonIdentityNumber, caller.Organisation!, caller.Id)).ToList(), cancellationToken);
            var roles = await access.ParticipantRolesAsync(verdicts, caller.Organisation!, caller.Id, cancellationToken);
            shown.AddRange(askConsent.Where((_, i) => roles[i] == PlanRole.Participant));
        }
        audit.Disclosed(shown, p => p.PersonIdentityNumber, p => $"plan:{p.Id}:calendar");
        return await EntriesAsync(shown, from, to, cancellationToken);
    }

    /// <summary>Active plans of the citizen and their children; of an employee, those they coordinate and those their organisation takes part in.</summary>
    private async Task<List<CarePlan>> CandidatesAsync(Caller caller, CancellationToken cancellationToken)
    {
        switch (caller.Kind)
        {
            case CallerKind.Citizen:
                var people = (await register.ChildrenOfAsync(caller.Id, cancellationToken)).Append(caller.Id).ToList();
                return await db.Plans.AsNoTracking().Where(p => people.Contains(p.PersonIdentityNumber) && p.Status == PlanStatus.Active).ToListAsync(cancellationToken);
            case CallerKind.Employee:
                var coordinated = db.Coordinations.Where(c => c.Appointments.Any(a => a.EmployeeId == caller.Id && a.ReplacedAt == null)).Select(c => c.Id);
                var plans = await db.Plans.AsNoTracking().Where(p => coordinated.Contains(p.CoordinationId) && p.Status == PlanStatus.Active).ToListAsync(cancellationToken);
                if (caller.Organisation is { Length: 9 } org && org.All(char.IsAsciiDigit))
                {
                    var filter = System.Text.Json.JsonSerializer.Serialize(new { participants = new[] { new { organisationNumber = org } } });
                    plans.AddRange(await db.Plans.FromSql($"SELECT * FROM plans WHERE status = 'Active' AND content @> {filter}::jsonb").AsNoTracking().ToListAsync(cancellationToken));
                }
                return plans.DistinctBy(p => p.Id).ToList();
            default:
                throw RpcErrors.PermissionDenied("A calendar belongs to a person, a guardian, a coordinator or a participant.");
        }
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
