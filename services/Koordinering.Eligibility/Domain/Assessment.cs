namespace Koordinering.Eligibility.Domain;

public enum AssessmentStatus
{
    PreAssessed = 1,
    AwaitingJudgement = 2,
    Decided = 3,
}

/// <summary>The assessment (kartlegging and vurdering) of one application against the legal criteria.</summary>
public sealed class Assessment
{
    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public required string MunicipalityNumber { get; init; }
    public AssessmentStatus Status { get; set; }
    public required string RuleSetVersion { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
