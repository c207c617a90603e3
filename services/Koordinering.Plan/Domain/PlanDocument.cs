namespace Koordinering.Plan.Domain;

public sealed record Goal(string Id, string Text, string? StatusNote);

public sealed record Participant(string Id, string Role, string? Name, string? OrganisationNumber, string? OrganisationName, string? Contact, bool MemberOfResponsibilityGroup, string? AreaOfResponsibility);

public sealed record Contribution(string ParticipantId, string Text);

public sealed record Measure(string Id, string Title, string? Scope, string? How, string? ResponsibleParticipantId, DateOnly? StartDate, DateOnly? Deadline, MeasureStatus Status, IReadOnlyList<string> GoalIds);

/// <summary>The nine items of an individual plan (docs/domain.md); a service overview uses the participants only.</summary>
public sealed record PlanDocument(
    IReadOnlyList<Goal> Goals,
    string? Resources,
    string? Needs,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<Contribution> Contributions,
    IReadOnlyList<Measure> Measures,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    IReadOnlyList<DateOnly> EvaluationDates,
    IReadOnlyList<string> CooperationPartners)
{
    public static readonly PlanDocument Empty = new([], null, null, [], [], [], null, null, [], []);
}
