using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Meetings;

/// <summary>The coordinator schedules, moves, cancels and minutes the responsibility group's meetings; the invitees are told by the event.</summary>
public sealed class MeetingHandler(PlanDbContext db, TimeProvider time, PlanAccess access, PlanHandler plans)
{
    /// <summary>Invites the named participants, or, when none is named, the plan's responsibility group.</summary>
    public async Task<Meeting> ScheduleAsync(Caller caller, Guid planId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? place, string? videoLink, string? agenda,
        IReadOnlyList<string> invited, CancellationToken cancellationToken)
    {
        var (plan, _) = await access.PlanAsync(caller, planId, PlanRole.Coordinator, tracked: false, cancellationToken);
        var participants = plan.Content.Participants;
        for (var i = 0; i < invited.Count; i++)
        {
            if (participants.All(p => p.Id != invited[i]))
            {
                throw RpcErrors.InvalidArgument($"invited_participant_ids[{i}]", "must name a participant of the plan");
            }
        }
        var now = time.GetUtcNow();
        var meeting = Meeting.Schedule(Guid.CreateVersion7(now), plan.Id, startsAt, endsAt, place, videoLink, agenda,
            invited.Count > 0 ? invited : participants.Where(p => p.MemberOfResponsibilityGroup).Select(p => p.Id));
        db.Meetings.Add(meeting);
        db.AddEvent(PlanEvents.Meeting(meeting, plan, MeetingChange.Scheduled, now));
        await db.SaveChangesAsync(cancellationToken);
        return meeting;
    }

    public Task<Meeting> RescheduleAsync(Caller caller, Guid id, DateTimeOffset startsAt, DateTimeOffset endsAt, string? place, string? videoLink, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, MeetingChange.Rescheduled, m => m.Reschedule(startsAt, endsAt, place, videoLink), cancellationToken);

    public Task<Meeting> CancelAsync(Caller caller, Guid id, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, MeetingChange.Cancelled, m => m.Cancel(reason), cancellationToken);

    /// <summary>The minutes and decisions; decisions taken as measures join the plan as a new version in the same transaction.</summary>
    public async Task<(Meeting Meeting, CarePlan Plan)> RecordMinutesAsync(Caller caller, Guid id, string minutes, IReadOnlyList<string> decisions,
        IReadOnlyList<Measure> newMeasures, int expectedPlanVersion, CancellationToken cancellationToken)
    {
        var (meeting, plan) = await LoadAsync(caller, id, cancellationToken);
        meeting.RecordMinutes(minutes, decisions);
        if (newMeasures.Count > 0)
        {
            var document = PlanEvaluation.WithMeasures(plan.Content, newMeasures);
            PlanRules.Check(document).ThrowIfAny();
            var now = time.GetUtcNow();
            plan.Change(expectedPlanVersion, document, "minutes", caller.Actor, now);
            db.AddEvent(PlanEvents.Changed(plan, now, "minutes"));
        }
        await plans.SaveAsync(plan, cancellationToken);
        return (meeting, plan);
    }

    private async Task<Meeting> ChangeAsync(Caller caller, Guid id, MeetingChange change, Action<Meeting> apply, CancellationToken cancellationToken)
    {
        var (meeting, plan) = await LoadAsync(caller, id, cancellationToken);
        apply(meeting);
        db.AddEvent(PlanEvents.Meeting(meeting, plan, change, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return meeting;
    }

    private async Task<(Meeting Meeting, CarePlan Plan)> LoadAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == id, cancellationToken) ?? throw RpcErrors.NotFound("meeting");
        var (plan, _) = await access.PlanAsync(caller, meeting.PlanId, PlanRole.Coordinator, tracked: true, cancellationToken);
        return (meeting, plan);
    }
}
