using Koordinering.Domain;
namespace Koordinering.Contracts.Events;

/// <summary>How to reach the person; for short notices only (SMS, e-mail).</summary>
public sealed record ContactDetails(string? Email, string? Mobile);

/// <summary>An application was received. The payload lets the Eligibility service pre-assess without calling back.</summary>
[IntegrationEvent("koordinering.application.submitted.v1")]
public sealed record ApplicationSubmittedV1 : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    /// <summary>The person concerned; null for an expected child. Payload only: never in metadata, topics, logs or traces.</summary>
    public string? PersonIdentityNumber { get; init; }

    public DateOnly? ExpectedBirthDate { get; init; }
    public IReadOnlyList<string> ParentIdentityNumbers { get; init; } = [];
    public ApplicantRelation ApplicantRelation { get; init; } = ApplicantRelation.Person;

    public required IReadOnlyList<RequestedRight> RequestedRights { get; init; }

    /// <summary>True when the applicant was not sure: assess every right that could apply.</summary>
    public required bool AssessAll { get; init; }

    public IReadOnlyList<ServiceNeed> Services { get; init; } = [];
    public ExpectedDuration ExpectedDuration { get; init; }
    public bool WantsIndividualPlan { get; init; }
    public WrittenStandard WrittenStandard { get; init; }
    public ContactDetails? Contact { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>The case was withdrawn before a decision.</summary>
[IntegrationEvent("koordinering.application.withdrawn.v1")]
public sealed record ApplicationWithdrawnV1 : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }
}

/// <summary>
/// An interim reply (foreløpig svar, fvl § 11 a) must go out: recorded by a caseworker, or sent
/// by the service because the month passed without one. The Notification service writes the letter.
/// </summary>
[IntegrationEvent("koordinering.application.interim-reply-requested.v1")]
public sealed record InterimReplyRequestedV1 : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }
    public string? PersonIdentityNumber { get; init; }
    public required string Reason { get; init; }
    public required DateOnly ExpectedDecisionDate { get; init; }
    public required bool Automatic { get; init; }
    public WrittenStandard WrittenStandard { get; init; }
}

/// <summary>An appeal was registered against the decision (pasrl § 7-2).</summary>
[IntegrationEvent("koordinering.application.appeal-registered.v1")]
public sealed record AppealRegisteredV1 : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required bool Late { get; init; }
}

/// <summary>The unit upheld its decision and forwarded the appeal to the Statsforvalteren.</summary>
[IntegrationEvent("koordinering.application.appeal-forwarded.v1")]
public sealed record AppealForwardedV1 : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }
}

