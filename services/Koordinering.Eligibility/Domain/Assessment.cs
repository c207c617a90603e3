using Koordinering.Domain;
using Koordinering.Eligibility.Domain.Rules;

namespace Koordinering.Eligibility.Domain;

public enum AssessmentStatus
{
    PreAssessed = 1,
    AwaitingJudgement = 2,
    Decided = 3,
    Closed = 4,
}

/// <summary>A rule of the assessment or decision was broken; the API answers FailedPrecondition.</summary>
public sealed class EligibilityRuleException(string message) : Koordinering.Domain.DomainRuleException(message);

/// <summary>What every decision states besides its reasons (docs/domain.md, "Rules").</summary>
public static class DecisionTexts
{
    public static readonly Text NoMoreServices = new(
        "Retten gir ikke rett til flere tjenester enn du allerede har. Den gir rett til at tjenestene blir koordinert.",
        "Retten gir ikkje rett til fleire tenester enn du allereie har. Han gir rett til at tenestene blir koordinerte.");

    public const string ComplaintBasis = "pasient- og brukerrettighetsloven §§ 7-2 og 7-5";
    public const int ComplaintWeeks = 4;

    public static readonly Text Complaint = new(
        "Du kan klage på vedtaket innen 4 uker fra du fikk vite om det. Klagen sendes til kommunen, som kan endre vedtaket. Hvis kommunen opprettholder vedtaket, sendes klagen til Statsforvalteren.",
        "Du kan klage på vedtaket innan 4 veker frå du fekk vite om det. Klaga blir send til kommunen, som kan endre vedtaket. Dersom kommunen held fast på vedtaket, blir klaga send til Statsforvaltaren.");

    public static string LegalBasis(RequestedRight right) => right switch
    {
        RequestedRight.Coordinator => RuleSet.CoordinatorBasis,
        RequestedRight.ChildCoordinator => RuleSet.ChildCoordinatorBasis,
        _ => RuleSet.IndividualPlanBasis,
    };
}

/// <summary>The assessment (kartlegging og vurdering) of one application against the legal criteria.</summary>
public sealed class Assessment
{
    public const int MaxTextLength = 4000;

    public Guid Id { get; init; }
    public Guid ApplicationId { get; init; }
    public required string MunicipalityNumber { get; init; }
    public AssessmentStatus Status { get; set; }
    public required string RuleSetVersion { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The person concerned (sensitive: never logged); null for an expected child.</summary>
    public string? PersonIdentityNumber { get; init; }
    public WrittenStandard WrittenStandard { get; init; }
    public string? CoordinationLeadNb { get; init; }
    public string? CoordinationLeadNn { get; init; }

    public List<AssessmentCriterion> Criteria { get; init; } = [];
    public List<Decision> Decisions { get; init; } = [];

    /// <summary>PostgreSQL's xmin: two caseworkers cannot both decide.</summary>
    public uint Version { get; private set; }

    public IEnumerable<RequestedRight> Rights => Criteria.Select(c => c.Right).Distinct().Order();

    public static Assessment FromPreAssessment(Guid id, Guid applicationId, string municipality, string? person, WrittenStandard standard, PreAssessment pre, DateTimeOffset at)
    {
        var assessment = new Assessment
        {
            Id = id,
            ApplicationId = applicationId,
            MunicipalityNumber = municipality,
            RuleSetVersion = pre.RuleSetVersion,
            CreatedAt = at,
            PersonIdentityNumber = person,
            WrittenStandard = standard,
            CoordinationLeadNb = pre.CoordinationLeadRecommendation?.Nb,
            CoordinationLeadNn = pre.CoordinationLeadRecommendation?.Nn,
            Criteria = pre.Rights.SelectMany(r => r.Criteria).Select(c => new AssessmentCriterion
            {
                AssessmentId = id,
                CriterionId = c.Id,
                Right = c.Right,
                DescriptionNb = c.Description.Nb,
                DescriptionNn = c.Description.Nn,
                RuleOutcome = c.Outcome,
                RuleGroundsNb = c.Grounds.Nb,
                RuleGroundsNn = c.Grounds.Nn,
                LegalReference = c.LegalReference,
            }).ToList(),
        };
        assessment.RefreshStatus();
        return assessment;
    }

    public CriterionOutcome Preliminary(RequestedRight right)
    {
        var outcomes = Criteria.Where(c => c.Right == right).Select(c => c.Outcome).ToList();
        return outcomes.Contains(CriterionOutcome.NotMet) ? CriterionOutcome.NotMet
            : outcomes.Contains(CriterionOutcome.NeedsJudgement) ? CriterionOutcome.NeedsJudgement
            : CriterionOutcome.Met;
    }

    /// <summary>The caseworker's finding on a criterion the rule set left to professional judgement (a new finding replaces the last).</summary>
    public void RecordFinding(string criterionId, CriterionOutcome finding, string grounds, string by, DateTimeOffset at)
    {
        // After a decision a finding may still change (an appeal is reassessed); a withdrawn case may not.
        if (Status == AssessmentStatus.Closed)
        {
            throw new EligibilityRuleException("The application was withdrawn; its assessment is closed.");
        }
        var criterion = Criteria.FirstOrDefault(c => c.CriterionId == criterionId)
            ?? throw new KeyNotFoundException(criterionId);
        if (criterion.RuleOutcome != CriterionOutcome.NeedsJudgement)
        {
            throw new EligibilityRuleException($"The criterion {criterionId} was settled by the rule set from the facts; only criteria that need judgement take a finding.");
        }
        if (finding is not (CriterionOutcome.Met or CriterionOutcome.NotMet))
        {
            throw new ArgumentOutOfRangeException(nameof(finding));
        }
        criterion.Finding = finding;
        criterion.FindingGrounds = grounds;
        criterion.FoundBy = by;
        criterion.FoundAt = at;
        if (Status != AssessmentStatus.Decided)
        {
            RefreshStatus();
        }
    }

    /// <summary>The first decision on each right named. Grants need every criterion met; rejections cite the failed ones.</summary>
    public IReadOnlyList<Decision> Decide(IReadOnlyList<(RequestedRight Right, DecisionOutcome Outcome, string Reasons)> inputs, string by, DateTimeOffset at)
    {
        EnsureOpen();
        var made = new List<Decision>();
        foreach (var (right, outcome, reasons) in inputs)
        {
            if (!Rights.Contains(right))
            {
                throw new EligibilityRuleException($"The right {right} was not assessed in this case.");
            }
            if (Decisions.Any(d => d.Right == right))
            {
                throw new EligibilityRuleException($"The right {right} is already decided; a decision changes only by reversal on appeal.");
            }
            made.Add(MakeDecision(right, outcome, reasons, version: 1, by, at));
        }
        Decisions.AddRange(made);
        if (Rights.All(r => Decisions.Any(d => d.Right == r)))
        {
            Status = AssessmentStatus.Decided;
        }
        return made;
    }

    /// <summary>On appeal: a new decision version on a right, with the opposite outcome.</summary>
    public Decision Reverse(RequestedRight right, DecisionOutcome outcome, string reasons, string by, DateTimeOffset at)
    {
        var current = Decisions.Where(d => d.Right == right).MaxBy(d => d.Version)
            ?? throw new EligibilityRuleException($"The right {right} has no decision to reverse.");
        if (current.Outcome == outcome)
        {
            throw new EligibilityRuleException($"The decision on {right} is already {outcome}; a reversal changes the outcome.");
        }
        var decision = MakeDecision(right, outcome, reasons, current.Version + 1, by, at);
        Decisions.Add(decision);
        return decision;
    }

    public void Close()
    {
        if (Status != AssessmentStatus.Decided)
        {
            Status = AssessmentStatus.Closed;
        }
    }

    private Decision MakeDecision(RequestedRight right, DecisionOutcome outcome, string reasons, int version, string by, DateTimeOffset at)
    {
        var criteria = Criteria.Where(c => c.Right == right).ToList();
        var failed = criteria.Where(c => c.Outcome == CriterionOutcome.NotMet).Select(c => c.CriterionId).ToList();
        if (outcome == DecisionOutcome.Granted)
        {
            var open = criteria.Where(c => c.Outcome != CriterionOutcome.Met).Select(c => c.CriterionId).ToList();
            if (open.Count > 0)
            {
                throw new EligibilityRuleException($"{right} cannot be granted while these criteria are not met: {string.Join(", ", open)}.");
            }
        }
        else if (failed.Count == 0)
        {
            throw new EligibilityRuleException($"A rejection of {right} must rest on a criterion that is not met; none is.");
        }
        return new Decision
        {
            Id = Guid.CreateVersion7(at),
            AssessmentId = Id,
            ApplicationId = ApplicationId,
            MunicipalityNumber = MunicipalityNumber,
            Right = right,
            Outcome = outcome,
            Version = version,
            LegalBasis = DecisionTexts.LegalBasis(right),
            Reasons = reasons,
            FailedCriteria = outcome == DecisionOutcome.Rejected ? failed : [],
            DecidedBy = by,
            DecidedAt = at,
        };
    }

    private void EnsureOpen()
    {
        if (Status is AssessmentStatus.Decided or AssessmentStatus.Closed)
        {
            throw new EligibilityRuleException(Status == AssessmentStatus.Closed
                ? "The application was withdrawn; its assessment is closed."
                : "The assessment is decided; a decision changes only by reversal on appeal.");
        }
    }

    private void RefreshStatus() =>
        Status = Criteria.Any(c => c.Outcome == CriterionOutcome.NeedsJudgement) ? AssessmentStatus.AwaitingJudgement : AssessmentStatus.PreAssessed;
}

public sealed class AssessmentCriterion
{
    public Guid AssessmentId { get; init; }
    public required string CriterionId { get; init; }
    public RequestedRight Right { get; init; }
    public required string DescriptionNb { get; init; }
    public required string DescriptionNn { get; init; }
    public CriterionOutcome RuleOutcome { get; init; }
    public required string RuleGroundsNb { get; init; }
    public required string RuleGroundsNn { get; init; }
    public required string LegalReference { get; init; }
    public CriterionOutcome? Finding { get; set; }
    public string? FindingGrounds { get; set; }
    public string? FoundBy { get; set; }
    public DateTimeOffset? FoundAt { get; set; }

    public CriterionOutcome Outcome => Finding ?? RuleOutcome;
}

/// <summary>A decision (vedtak) on one right. Immutable: the database refuses updates and deletes.</summary>
public sealed class Decision
{
    public Guid Id { get; init; }
    public Guid AssessmentId { get; init; }
    public Guid ApplicationId { get; init; }
    public required string MunicipalityNumber { get; init; }
    public RequestedRight Right { get; init; }
    public DecisionOutcome Outcome { get; init; }
    public int Version { get; init; }
    public required string LegalBasis { get; init; }
    public required string Reasons { get; init; }
    public List<string> FailedCriteria { get; init; } = [];
    public required string DecidedBy { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
}
