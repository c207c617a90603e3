namespace Koordinering.Contracts.Events;

public enum RequestedRight
{
    Coordinator = 1,
    ChildCoordinator = 2,
    IndividualPlan = 3,
}

/// <summary>An application was received. The payload lets the Eligibility service pre-assess without calling back.</summary>
[IntegrationEvent("koordinering.application.submitted.v1")]
public sealed record ApplicationSubmittedV1 : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    /// <summary>The person concerned. Payload only: never in metadata, topics, logs or traces.</summary>
    public required string PersonIdentityNumber { get; init; }

    public required IReadOnlyList<RequestedRight> RequestedRights { get; init; }

    /// <summary>True when the applicant was not sure: assess every right that could apply.</summary>
    public required bool AssessAll { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
