namespace Koordinering.Plan.Domain;

public enum CoordinationStatus
{
    AwaitingAppointment = 1,
    Active = 2,
    Closed = 3,
}

public enum PlanKind
{
    IndividualPlan = 1,
    ServiceOverview = 2,
}

public enum PlanStatus
{
    Active = 1,
    Closed = 2,
}

public enum MeasureStatus
{
    Planned = 1,
    Ongoing = 2,
    Done = 3,
    Stopped = 4,
}

public enum MeetingStatus
{
    Scheduled = 1,
    Cancelled = 2,
    Held = 3,
}

/// <summary>A rule of coordination or of the plan was broken; the API answers FailedPrecondition.</summary>
public sealed class PlanRuleException(string message) : Koordinering.Domain.DomainRuleException(message);

/// <summary>The coordination of one person: the rights granted, who the coordinator is, and the plan or service overview.</summary>
public sealed class Coordination
{
    private Coordination()
    {
    }

    public Guid Id { get; private init; }
    public string MunicipalityNumber { get; private init; } = "";

    /// <summary>The person (sensitive: never logged).</summary>
    public string PersonIdentityNumber { get; private init; } = "";
    public CoordinationStatus Status { get; private set; } = CoordinationStatus.AwaitingAppointment;
    public DateTimeOffset OpenedAt { get; private init; }

    /// <summary>The application whose decision opened the coordination: the archive's case folder (saksmappe). Null for coordinations opened before it was kept.</summary>
    public Guid? ApplicationId { get; private init; }
    public bool CoordinatorGranted { get; private set; }
    public bool ChildCoordinatorGranted { get; private set; }
    public bool IndividualPlanGranted { get; private set; }
    public Guid? PlanId { get; private set; }
    public List<CoordinatorAppointment> Appointments { get; private init; } = [];
    public uint Version { get; private set; }

    public CoordinatorAppointment? Current => Appointments.Where(a => a.ReplacedAt is null).MaxBy(a => a.AppointedAt);

    /// <summary>A right to a coordinator or a child coordinator carries the right to an individual plan (docs/domain.md).</summary>
    public bool MayHaveIndividualPlan => IndividualPlanGranted || CoordinatorGranted || ChildCoordinatorGranted;

    /// <summary>Opened by the first decision that grants the person a right (on the given application); it waits for a coordinator.</summary>
    public static Coordination Open(Guid id, string municipalityNumber, string personIdentityNumber, DateTimeOffset at, Guid? applicationId = null) =>
        new() { Id = id, MunicipalityNumber = municipalityNumber, PersonIdentityNumber = personIdentityNumber, OpenedAt = at, ApplicationId = applicationId };

    /// <summary>Adds the rights a decision granted; a right once granted stays (a reversal grants, it never takes away here).</summary>
    public void Grant(bool coordinator, bool childCoordinator, bool individualPlan)
    {
        CoordinatorGranted |= coordinator;
        ChildCoordinatorGranted |= childCoordinator;
        IndividualPlanGranted |= individualPlan;
    }

    /// <summary>The plan or service overview made for this coordination; a second one is refused.</summary>
    public void AttachPlan(Guid planId, PlanKind kind)
    {
        if (kind == PlanKind.IndividualPlan && !MayHaveIndividualPlan)
        {
            throw new PlanRuleException("No right to an individual plan has been granted for this person.");
        }
        PlanId = planId;
    }

    /// <summary>Appoints a coordinator; one already appointed is replaced and kept in the history.</summary>
    public (CoordinatorAppointment Appointment, bool Replacement) Appoint(CoordinatorAppointment appointment)
    {
        if (Status == CoordinationStatus.Closed)
        {
            throw new PlanRuleException("The coordination is closed.");
        }
        if (appointment.ChildCoordinator && !ChildCoordinatorGranted)
        {
            throw new PlanRuleException("No child coordinator was granted for this family.");
        }
        if (!appointment.ChildCoordinator && !CoordinatorGranted && !ChildCoordinatorGranted)
        {
            throw new PlanRuleException("No coordinator was granted for this person.");
        }
        var current = Current;
        current?.Replace(appointment.AppointedAt);
        Appointments.Add(appointment);
        Status = CoordinationStatus.Active;
        return (appointment, current is not null);
    }
}

public sealed class CoordinatorAppointment
{
    public Guid Id { get; init; }
    public Guid CoordinationId { get; init; }
    public required string EmployeeId { get; init; }
    public required string Name { get; init; }
    public required string OrganisationNumber { get; init; }
    public string? OrganisationName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public bool ChildCoordinator { get; init; }
    public string? WishedFor { get; init; }
    public bool WishFollowed { get; init; }
    public string? ReasonWishNotFollowed { get; init; }
    public DateTimeOffset AppointedAt { get; init; }
    public required string AppointedBy { get; init; }
    public DateTimeOffset? ReplacedAt { get; private set; }

    internal void Replace(DateTimeOffset at) => ReplacedAt = at;
}
