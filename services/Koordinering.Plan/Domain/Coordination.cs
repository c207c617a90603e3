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

/// <summary>The coordination of one person: who the coordinator is, and the plan or service overview.</summary>
public sealed class Coordination
{
    public Guid Id { get; init; }
    public required string MunicipalityNumber { get; init; }

    /// <summary>The person (sensitive: never logged).</summary>
    public required string PersonIdentityNumber { get; init; }
    public CoordinationStatus Status { get; set; } = CoordinationStatus.AwaitingAppointment;
    public DateTimeOffset OpenedAt { get; init; }
    public bool CoordinatorGranted { get; set; }
    public bool ChildCoordinatorGranted { get; set; }
    public bool IndividualPlanGranted { get; set; }
    public Guid? PlanId { get; set; }
    public List<CoordinatorAppointment> Appointments { get; init; } = [];
    public uint Version { get; private set; }

    public CoordinatorAppointment? Current => Appointments.Where(a => a.ReplacedAt is null).MaxBy(a => a.AppointedAt);

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
        if (current is not null)
        {
            current.ReplacedAt = appointment.AppointedAt;
        }
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
    public DateTimeOffset? ReplacedAt { get; set; }
}
