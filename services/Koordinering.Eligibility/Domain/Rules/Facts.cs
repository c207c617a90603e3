using Koordinering.Domain;
using Koordinering.Contracts.Events;

namespace Koordinering.Eligibility.Domain.Rules;

public enum CriterionOutcome
{
    Met = 1,
    NotMet = 2,
    NeedsJudgement = 3,
}

/// <summary>A text in bokmål and nynorsk.</summary>
public sealed record Text(string Nb, string Nn);

/// <summary>What the rule set looks at: the person's age, the services and how long the need lasts.</summary>
public sealed record AssessmentFacts(
    DateOnly? BirthDate,
    DateOnly? ExpectedBirthDate,
    IReadOnlyList<ServiceNeed> Services,
    ExpectedDuration Duration,
    IReadOnlyList<RequestedRight> RequestedRights,
    bool AssessAll,
    DateOnly AssessedOn)
{
    public bool ExpectedChild => ExpectedBirthDate is not null;

    public IEnumerable<ServiceNeed> HealthAndCare => Services.Where(s => s.Kind == ServiceKind.HealthAndCare);
    public IEnumerable<ServiceNeed> Welfare => Services.Where(s => s.Kind == ServiceKind.Welfare);

    /// <summary>Whole years on the assessment day; null when the birth date is not known.</summary>
    public int? Age => BirthDate is { } born ? Koordinering.Domain.Ages.On(born, AssessedOn) : null;

    /// <summary>The rights to assess: those asked for, or every right when the applicant was not sure.</summary>
    public IReadOnlyList<RequestedRight> RightsToAssess => AssessAll
        ? [RequestedRight.Coordinator, RequestedRight.ChildCoordinator, RequestedRight.IndividualPlan]
        : RequestedRights;
}

public sealed record CriterionResult(string Id, RequestedRight Right, CriterionOutcome Outcome, Text Description, Text Grounds, string LegalReference);

public sealed record RightAssessment(RequestedRight Right, IReadOnlyList<CriterionResult> Criteria, string LegalBasis)
{
    /// <summary>Not met if any criterion fails; waiting for judgement if any needs it; otherwise met.</summary>
    public CriterionOutcome Preliminary =>
        Criteria.Any(c => c.Outcome == CriterionOutcome.NotMet) ? CriterionOutcome.NotMet
        : Criteria.Any(c => c.Outcome == CriterionOutcome.NeedsJudgement) ? CriterionOutcome.NeedsJudgement
        : CriterionOutcome.Met;
}

/// <summary>The rule set's answer. A recommended coordination lead is advice, never a decision.</summary>
public sealed record PreAssessment(string RuleSetVersion, IReadOnlyList<RightAssessment> Rights, Text? CoordinationLeadRecommendation);
