namespace Koordinering.Application.Domain;

public enum ApplicationStatus
{
    Received = 1,
    InAssessment = 2,
    Decided = 3,
    Appealed = 4,
    Final = 5,
    Withdrawn = 6,
}

/// <summary>A request (henvendelse/søknad) for a coordinator, a child coordinator and/or an individual plan.</summary>
public sealed class Application
{
    public Guid Id { get; init; }
    public required string MunicipalityNumber { get; init; }
    public ApplicationStatus Status { get; set; }
    public DateTimeOffset ReceivedAt { get; init; }
}
