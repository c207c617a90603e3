using Koordinering.Domain;
namespace Koordinering.Contracts.Events;

/// <summary>Someone a notice about a plan may go to: a participant with their contact.</summary>
public sealed record PlanRecipient(string ParticipantId, string Role, string? Name, string? Contact);

/// <summary>A coordinator (or child coordinator) was appointed, or replaced.</summary>
[IntegrationEvent("koordinering.plan.coordinator-appointed.v1")]
public sealed record CoordinatorAppointedV1 : IntegrationEvent
{
    public required Guid CoordinationId { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public required bool ChildCoordinator { get; init; }
    public required string CoordinatorEmployeeId { get; init; }
    public required string CoordinatorName { get; init; }
    public string? CoordinatorEmail { get; init; }
    public string? CoordinatorPhone { get; init; }
    public required string CoordinatorOrganisation { get; init; }
    public required bool Replacement { get; init; }
}

[IntegrationEvent("koordinering.plan.plan-created.v1")]
public sealed record PlanCreatedV1 : IntegrationEvent
{
    public required Guid PlanId { get; init; }
    public required Guid CoordinationId { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public required bool IndividualPlan { get; init; }
}

[IntegrationEvent("koordinering.plan.plan-changed.v1")]
public sealed record PlanChangedV1 : IntegrationEvent
{
    public required Guid PlanId { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public required int Version { get; init; }
    public required string Change { get; init; }
    public required IReadOnlyList<PlanRecipient> Participants { get; init; }
}

[IntegrationEvent("koordinering.plan.plan-closed.v1")]
public sealed record PlanClosedV1 : IntegrationEvent
{
    public required Guid PlanId { get; init; }
    public required string PersonIdentityNumber { get; init; }

    /// <summary>The application whose decision opened the plan's coordination (its archive case folder); null in events from before it was carried.</summary>
    public Guid? ApplicationId { get; init; }
}

public enum MeetingChange
{
    Scheduled = 1,
    Rescheduled = 2,
    Cancelled = 3,
}

/// <summary>A responsibility group meeting was scheduled, moved or cancelled; the invitees get notices.</summary>
[IntegrationEvent("koordinering.plan.meeting.v1")]
public sealed record MeetingChangedV1 : IntegrationEvent
{
    public required Guid MeetingId { get; init; }
    public required Guid PlanId { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public required MeetingChange Change { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public string? Place { get; init; }
    public string? VideoLink { get; init; }
    public required IReadOnlyList<PlanRecipient> Invitees { get; init; }
}

/// <summary>An evaluation of the plan is due soon.</summary>
[IntegrationEvent("koordinering.plan.evaluation-due.v1")]
public sealed record EvaluationDueV1 : IntegrationEvent
{
    public required Guid PlanId { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public required DateOnly EvaluationDate { get; init; }
    public string? CoordinatorEmail { get; init; }
}

public enum CoordinationLeadChange
{
    Designated = 1,
    Changed = 2,
    Ended = 3,
}

/// <summary>A lead service (samordningsansvarlig) was designated for a person, changed or ended; the family is told.</summary>
[IntegrationEvent("koordinering.plan.coordination-lead.v1")]
public sealed record CoordinationLeadChangedV1 : IntegrationEvent
{
    public required Guid CoordinationLeadId { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public required CoordinationLeadChange Change { get; init; }
    public required string LeadName { get; init; }
    public string? LeadUnit { get; init; }
    public required string ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public IReadOnlyList<string> ParticipatingServices { get; init; } = [];
    public WrittenStandard WrittenStandard { get; init; }
}

/// <summary>
/// A message was written in the conversation of a coordination (a correction too). It carries no text: the ids, who
/// wrote it (in which capacity; the identity number only of a citizen author, so they are not told of their own
/// message), and the others to tell, with their contact, as the other plan events do. The person (or a child's
/// guardians) is told through the contact register.
/// </summary>
[IntegrationEvent("koordinering.plan.message-posted.v1")]
public sealed record MessagePostedV1 : IntegrationEvent
{
    public required Guid MessageId { get; init; }
    public required Guid CoordinationId { get; init; }
    public Guid? PlanId { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public required MessageAuthorKind AuthorKind { get; init; }
    public string? AuthorIdentityNumber { get; init; }
    public string? AuthorOrganisation { get; init; }
    public Guid? CorrectsMessageId { get; init; }
    public required IReadOnlyList<PlanRecipient> Recipients { get; init; }
}
