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

/// <summary>The plan's invariants, each broken one named by its field. Plain C#: no I/O.</summary>
public static class PlanRules
{
    public const int MaxItems = 100;
    public const int MaxText = 4000;

    public static List<(string Field, string Description)> Check(PlanDocument doc, string prefix = "content")
    {
        var v = new List<(string, string)>();
        void Text(string? value, string field, int max, bool required = false)
        {
            if (required && string.IsNullOrWhiteSpace(value))
            {
                v.Add((field, "is required"));
            }
            else if (value?.Length > max)
            {
                v.Add((field, $"must be at most {max} characters"));
            }
        }
        if (doc.Goals.Count > MaxItems) v.Add(($"{prefix}.goals", $"at most {MaxItems}"));
        if (doc.Participants.Count > MaxItems) v.Add(($"{prefix}.participants", $"at most {MaxItems}"));
        if (doc.Measures.Count > MaxItems) v.Add(($"{prefix}.measures", $"at most {MaxItems}"));
        for (var i = 0; i < doc.Goals.Count && i < MaxItems; i++)
        {
            Text(doc.Goals[i].Text, $"{prefix}.goals[{i}].text", 2000, required: true);
            Text(doc.Goals[i].StatusNote, $"{prefix}.goals[{i}].status_note", 2000);
        }
        Text(doc.Resources, $"{prefix}.resources", MaxText);
        Text(doc.Needs, $"{prefix}.needs", MaxText);
        var participantIds = doc.Participants.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < doc.Participants.Count && i < MaxItems; i++)
        {
            var p = doc.Participants[i];
            Text(p.Role, $"{prefix}.participants[{i}].role", 100, required: true);
            Text(p.Name, $"{prefix}.participants[{i}].name", 200);
            Text(p.Contact, $"{prefix}.participants[{i}].contact", 200);
            Text(p.OrganisationName, $"{prefix}.participants[{i}].organisation_name", 200);
            Text(p.AreaOfResponsibility, $"{prefix}.participants[{i}].area_of_responsibility", 1000);
            if (p.OrganisationNumber is { } org && (org.Length != 9 || !org.All(char.IsAsciiDigit)))
            {
                v.Add(($"{prefix}.participants[{i}].organisation_number", "must be an organisation number of nine digits"));
            }
        }
        if (participantIds.Count != doc.Participants.Count)
        {
            v.Add(($"{prefix}.participants", "has two participants with the same id"));
        }
        for (var i = 0; i < doc.Contributions.Count && i < MaxItems; i++)
        {
            if (!participantIds.Contains(doc.Contributions[i].ParticipantId))
            {
                v.Add(($"{prefix}.contributions[{i}].participant_id", "must name a participant of the plan"));
            }
            Text(doc.Contributions[i].Text, $"{prefix}.contributions[{i}].contribution", 2000, required: true);
        }
        var goalIds = doc.Goals.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < doc.Measures.Count && i < MaxItems; i++)
        {
            var m = doc.Measures[i];
            Text(m.Title, $"{prefix}.measures[{i}].title", 200, required: true);
            Text(m.Scope, $"{prefix}.measures[{i}].scope", 2000);
            Text(m.How, $"{prefix}.measures[{i}].how", 2000);
            if (m.ResponsibleParticipantId is { } r && !participantIds.Contains(r))
            {
                v.Add(($"{prefix}.measures[{i}].responsible_participant_id", "must name a participant of the plan"));
            }
            if (m.StartDate is { } start && m.Deadline is { } deadline && deadline < start)
            {
                v.Add(($"{prefix}.measures[{i}].deadline", "must not be before the start date"));
            }
            for (var j = 0; j < m.GoalIds.Count; j++)
            {
                if (!goalIds.Contains(m.GoalIds[j]))
                {
                    v.Add(($"{prefix}.measures[{i}].goal_ids[{j}]", "must name a goal of the plan"));
                }
            }
        }
        if (doc.PeriodStart is { } from && doc.PeriodEnd is { } to && to < from)
        {
            v.Add(($"{prefix}.period_end", "must not be before the start of the period"));
        }
        if (doc.EvaluationDates.Count > 50) v.Add(($"{prefix}.evaluation_dates", "at most 50"));
        if (doc.CooperationPartners.Count > 50) v.Add(($"{prefix}.cooperation_partners", "at most 50"));
        for (var i = 0; i < doc.CooperationPartners.Count && i < 50; i++)
        {
            Text(doc.CooperationPartners[i], $"{prefix}.cooperation_partners[{i}]", 200, required: true);
        }
        return v;
    }
}

/// <summary>An individual plan or a service overview, with its full history of versions.</summary>
public sealed class CarePlan
{
    public Guid Id { get; init; }
    public Guid CoordinationId { get; init; }
    public required string MunicipalityNumber { get; init; }
    public required string PersonIdentityNumber { get; init; }
    public PlanKind Kind { get; init; }
    public PlanStatus Status { get; private set; } = PlanStatus.Active;

    /// <summary>Raised by one on every change; a change must name the version it was made on.</summary>
    public int Version { get; private set; }
    public PlanDocument Content { get; private set; } = PlanDocument.Empty;
    public Guid? ConsentId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public List<PlanRevision> Revisions { get; init; } = [];

    public static CarePlan Create(CarePlan plan, PlanDocument content, string by, DateTimeOffset at)
    {
        plan.Content = content;
        plan.Version = 1;
        plan.UpdatedAt = at;
        plan.UpdatedBy = by;
        plan.Revisions.Add(new PlanRevision { PlanId = plan.Id, Version = 1, ChangedAt = at, ChangedBy = by, Change = "created", Before = null, After = content });
        return plan;
    }

    public void Change(int expectedVersion, PlanDocument content, string change, string by, DateTimeOffset at)
    {
        if (Status == PlanStatus.Closed)
        {
            throw new PlanRuleException("The plan is closed and read-only.");
        }
        if (expectedVersion != Version)
        {
            throw new Koordinering.Domain.StaleVersionException(Version);
        }
        var before = Content;
        Content = content;
        Version++;
        UpdatedAt = at;
        UpdatedBy = by;
        Revisions.Add(new PlanRevision { PlanId = Id, Version = Version, ChangedAt = at, ChangedBy = by, Change = change, Before = before, After = content });
    }

    public void Close(int expectedVersion, string by, DateTimeOffset at)
    {
        Change(expectedVersion, Content, "closed", by, at);
        Status = PlanStatus.Closed;
    }
}

public sealed class PlanRevision
{
    public long Id { get; init; }
    public Guid PlanId { get; init; }
    public int Version { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
    public required string Change { get; init; }
    public PlanDocument? Before { get; init; }
    public required PlanDocument After { get; init; }
}

public sealed class Meeting
{
    public Guid Id { get; init; }
    public Guid PlanId { get; init; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Place { get; set; }
    public string? VideoLink { get; set; }
    public string? Agenda { get; init; }
    public MeetingStatus Status { get; set; } = MeetingStatus.Scheduled;
    public List<string> InvitedParticipantIds { get; init; } = [];
    public string? Minutes { get; set; }
    public List<string> Decisions { get; set; } = [];
    public string? CancelReason { get; set; }
    public uint Version { get; private set; }
}

public sealed class ChangeProposal
{
    public Guid Id { get; init; }
    public Guid PlanId { get; init; }
    public required string Text { get; init; }
    public required string ProposedBy { get; init; }
    public DateTimeOffset ProposedAt { get; init; }
}

/// <summary>One evaluation-due notice per plan and date, so it fires once.</summary>
public sealed class EvaluationNotice
{
    public Guid PlanId { get; init; }
    public DateOnly EvaluationDate { get; init; }
    public DateTimeOffset SentAt { get; init; }
}

/// <summary>A consent withdrawal seen by this service: the party loses access at once.</summary>
public sealed class AccessRevocation
{
    public Guid ConsentId { get; init; }
    public required string OrganisationNumber { get; init; }
    public string? PersonId { get; init; }
    public DateTimeOffset RevokedAt { get; init; }
}
