using Koordinering.Domain;
namespace Koordinering.Plan.Domain;

public enum CoordinationLeadStatus
{
    Active = 1,
    Ended = 2,
}

/// <summary>A welfare service that leads the cooperation or takes part in it.</summary>
public sealed record WelfareService(string OrganisationNumber, string Name, string? Unit, string Kind);

/// <summary>Who at the lead service the family and the other services turn to.</summary>
public sealed record LeadContact(string Name, string? Email, string? Phone);

public sealed record CoordinationLeadHistoryEntry(DateTimeOffset At, string Actor, string Action, string? Detail);

/// <summary>
/// Samordningsansvarlig: the one welfare service that leads the cooperation around a person who
/// has no right to a coordinator but whose services must cooperate. No decision (vedtak) is made;
/// the designation is recorded, changed and ended, and its history kept. Changed only through
/// its own methods.
/// </summary>
public sealed class CoordinationLead
{
    private CoordinationLead()
    {
    }

    public Guid Id { get; private init; }
    public string MunicipalityNumber { get; private init; } = "";

    /// <summary>The person (sensitive: never logged).</summary>
    public string PersonIdentityNumber { get; private init; } = "";
    public CoordinationLeadStatus Status { get; private set; }
    public WelfareService Lead { get; private set; } = null!;
    public LeadContact Contact { get; private set; } = null!;
    public IReadOnlyList<WelfareService> ParticipatingServices { get; private set; } = [];
    public Guid? AssessmentId { get; private init; }
    public Koordinering.Domain.WrittenStandard WrittenStandard { get; private init; }
    public DateTimeOffset DesignatedAt { get; private init; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndReason { get; private set; }
    public IReadOnlyList<CoordinationLeadHistoryEntry> History { get; private set; } = [];

    /// <summary>PostgreSQL's xmin: two writers of one designation cannot both win.</summary>
    public uint Version { get; private set; }

    public static CoordinationLead Designate(Guid id, string municipality, string person, WelfareService lead, LeadContact contact,
        IEnumerable<WelfareService> participating, Guid? assessmentId, Koordinering.Domain.WrittenStandard writtenStandard, string actor, DateTimeOffset at)
    {
        var designation = new CoordinationLead
        {
            Id = id, MunicipalityNumber = municipality, PersonIdentityNumber = person, Status = CoordinationLeadStatus.Active,
            AssessmentId = assessmentId, WrittenStandard = writtenStandard, DesignatedAt = at,
        };
        designation.Set(lead, contact, participating);
        designation.History = [new(at, actor, "designated", designation.Describe())];
        return designation;
    }

    /// <summary>Another lead, contact or set of services; an ended designation changes no more.</summary>
    public void Change(WelfareService lead, LeadContact contact, IEnumerable<WelfareService> participating, string actor, DateTimeOffset at)
    {
        EnsureActive();
        Set(lead, contact, participating);
        History = [.. History, new(at, actor, "changed", Describe())];
    }

    public void End(string reason, string actor, DateTimeOffset at)
    {
        EnsureActive();
        Status = CoordinationLeadStatus.Ended;
        EndedAt = at;
        EndReason = reason;
        History = [.. History, new(at, actor, "ended", reason)];
    }

    /// <summary>Whether an organisation takes part (as lead or participant): it may read the designation while consent names it.</summary>
    public bool Involves(string organisationNumber) =>
        Lead.OrganisationNumber == organisationNumber || ParticipatingServices.Any(s => s.OrganisationNumber == organisationNumber);

    private void Set(WelfareService lead, LeadContact contact, IEnumerable<WelfareService> participating)
    {
        var others = participating.Where(s => s.OrganisationNumber != lead.OrganisationNumber || s.Unit != lead.Unit).ToList();
        if (others.Count == 0)
        {
            throw new PlanRuleException("A lead service leads the cooperation of at least two services: name the services that take part.");
        }
        Lead = lead;
        Contact = contact;
        ParticipatingServices = others;
    }

    private void EnsureActive()
    {
        if (Status != CoordinationLeadStatus.Active)
        {
            throw new PlanRuleException("The designation has ended; designate the lead service anew.");
        }
    }

    /// <summary>Names services, never the person.</summary>
    private string Describe() => $"lead: {Lead.Name}{(Lead.Unit is { } unit ? $" ({unit})" : "")}; with: {string.Join(", ", ParticipatingServices.Select(s => s.Name))}";
}
