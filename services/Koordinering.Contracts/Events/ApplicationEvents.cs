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

public enum ServiceKind
{
    /// <summary>Helse- og omsorgstjeneste: home nursing, physiotherapy, BPA, respite care, GP, specialist health service...</summary>
    HealthAndCare = 1,

    /// <summary>Another welfare service: kindergarten, school, PPT, NAV, child welfare.</summary>
    Welfare = 2,
}

public enum ExpectedDuration
{
    Unknown = 0,
    ShortTerm = 1,
    LongTerm = 2,
}

/// <summary>A service the person has or needs: its kind, a category (e.g. "home_nursing", "kindergarten") and the provider.</summary>
public sealed record ServiceNeed(ServiceKind Kind, string Category, string Provider);
