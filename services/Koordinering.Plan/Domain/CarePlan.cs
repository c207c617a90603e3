namespace Koordinering.Plan.Domain;

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
