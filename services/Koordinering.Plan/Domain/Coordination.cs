namespace Koordinering.Plan.Domain;

public enum CoordinationStatus
{
    AwaitingAppointment = 1,
    Active = 2,
    Closed = 3,
}

/// <summary>The coordination of one person: coordinator, plan or service overview, responsibility group.</summary>
public sealed class Coordination
{
    public Guid Id { get; init; }
    public required string MunicipalityNumber { get; init; }
    public CoordinationStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; init; }
}
