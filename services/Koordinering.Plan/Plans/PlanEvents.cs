using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Domain;

namespace Koordinering.Plan.Plans;

/// <summary>The plan's and the meetings' events, each set from the aggregate it tells of.</summary>
public static class PlanEvents
{
    public static PlanChangedV1 Changed(CarePlan plan, DateTimeOffset now, string change) => new EventEnvelope(now, plan.MunicipalityNumber, plan.Id).Stamp(new PlanChangedV1
    {
        PlanId = plan.Id, PersonIdentityNumber = plan.PersonIdentityNumber, Version = plan.Version, Change = change,
        Participants = plan.Content.Participants.Select(p => new PlanRecipient(p.Id, p.Role, p.Name, p.Contact)).ToList(),
    });

    public static PlanCreatedV1 Created(CarePlan plan, DateTimeOffset now) => new EventEnvelope(now, plan.MunicipalityNumber, plan.Id).Stamp(new PlanCreatedV1
    {
        PlanId = plan.Id, CoordinationId = plan.CoordinationId, PersonIdentityNumber = plan.PersonIdentityNumber, IndividualPlan = plan.Kind == PlanKind.IndividualPlan,
    });

    public static PlanClosedV1 Closed(CarePlan plan, Guid? applicationId, DateTimeOffset now) => new EventEnvelope(now, plan.MunicipalityNumber, plan.Id).Stamp(new PlanClosedV1
    {
        PlanId = plan.Id, PersonIdentityNumber = plan.PersonIdentityNumber, ApplicationId = applicationId,
    });

    public static MeetingChangedV1 Meeting(Meeting meeting, CarePlan plan, MeetingChange change, DateTimeOffset now) => new EventEnvelope(now, plan.MunicipalityNumber, meeting.Id).Stamp(new MeetingChangedV1
    {
        MeetingId = meeting.Id, PlanId = plan.Id, PersonIdentityNumber = plan.PersonIdentityNumber, Change = change,
        StartsAt = meeting.StartsAt, EndsAt = meeting.EndsAt, Place = meeting.Place, VideoLink = meeting.VideoLink,
        Invitees = plan.Content.Participants.Where(p => meeting.InvitedParticipantIds.Contains(p.Id)).Select(p => new PlanRecipient(p.Id, p.Role, p.Name, p.Contact)).ToList(),
    });
}
