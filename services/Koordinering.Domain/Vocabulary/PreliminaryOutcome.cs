namespace Koordinering.Domain;

/// <summary>What the rule set found for a criterion before the caseworker decides.</summary>
public enum PreliminaryOutcome
{
    Met = 1,
    NotMet = 2,
    NeedsJudgement = 3,
}
