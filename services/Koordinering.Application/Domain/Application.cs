using Koordinering.Contracts.Events;

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

    /// <summary>The person concerned (sensitive: never logged).</summary>
    public string PersonIdentityNumber { get; init; } = "";

    public List<RequestedRight> RequestedRights { get; init; } = [];

    /// <summary>The applicant was not sure: assess every right that could apply.</summary>
    public bool AssessAll { get; init; }

    /// <summary>Who submitted it (caller kind and id) and their request id, so a retry returns this application.</summary>
    public string SubmittedBy { get; init; } = "";
    public string ClientRequestId { get; init; } = "";
}
