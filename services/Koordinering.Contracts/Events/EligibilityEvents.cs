using Koordinering.Domain;
namespace Koordinering.Contracts.Events;

public sealed record PreliminaryRight(RequestedRight Right, PreliminaryOutcome Outcome);

/// <summary>The rule set has pre-assessed an application.</summary>
[IntegrationEvent("koordinering.eligibility.assessment-ready.v1")]
public sealed record AssessmentReadyV1 : IntegrationEvent
{
    public required Guid AssessmentId { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string RuleSetVersion { get; init; }
    public required IReadOnlyList<PreliminaryRight> Rights { get; init; }
    public required bool CoordinationLeadRecommended { get; init; }
}

/// <summary>One right's decision, as the letter states it.</summary>
public sealed record RightDecision(
    Guid DecisionId,
    RequestedRight Right,
    DecisionOutcome Outcome,
    int Version,
    string LegalBasis,
    string Reasons,
    IReadOnlyList<string> FailedCriteria);

/// <summary>
/// The unit decided (vedtak). Carries what the plan and notification work need: the person, the
/// rights granted or rejected, the legal basis and the reasons.
/// </summary>
[IntegrationEvent("koordinering.eligibility.decided.v1")]
public sealed record DecidedV1 : IntegrationEvent
{
    public required Guid AssessmentId { get; init; }
    public required Guid ApplicationId { get; init; }
    public string? PersonIdentityNumber { get; init; }
    public required IReadOnlyList<RightDecision> Decisions { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    public WrittenStandard WrittenStandard { get; init; }
}

/// <summary>On appeal, the unit reversed its decision on a right: a new decision version.</summary>
[IntegrationEvent("koordinering.eligibility.decision-reversed.v1")]
public sealed record DecisionReversedV1 : IntegrationEvent
{
    public required Guid AssessmentId { get; init; }
    public required Guid ApplicationId { get; init; }
    public string? PersonIdentityNumber { get; init; }
    public required RightDecision Decision { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    public WrittenStandard WrittenStandard { get; init; }
}
