using Koordinering.Domain;
using Koordinering.Contracts.Events;

namespace Koordinering.Eligibility.Domain.Rules;

/// <summary>
/// The legal criteria of docs/domain.md, version <see cref="Version"/>: koordinator (pasrl § 2-5 b,
/// hol § 7-2), barnekoordinator (pasrl § 2-5 c, hol § 7-2 a) and individuell plan (pasrl § 2-5,
/// hol § 7-1). Each criterion is met, not met, or needs the caseworker's professional judgement,
/// with grounds in bokmål and nynorsk. Plain C#: no I/O.
/// </summary>
public static class RuleSet
{
    /// <summary>2026.2: coordinated services are counted as services, not providers; a provider may be unknown.</summary>
    public const string Version = "2026.2";

    public const string CoordinatorBasis = "pasient- og brukerrettighetsloven § 2-5 b, helse- og omsorgstjenesteloven § 7-2";
    public const string ChildCoordinatorBasis = "pasient- og brukerrettighetsloven § 2-5 c, helse- og omsorgstjenesteloven § 7-2 a";
    public const string IndividualPlanBasis = "pasient- og brukerrettighetsloven § 2-5, helse- og omsorgstjenesteloven § 7-1";

    public static PreAssessment Assess(AssessmentFacts facts)
    {
        var rights = facts.RightsToAssess.Distinct().Order().Select(right => right switch
        {
            RequestedRight.Coordinator => new RightAssessment(right, CoordinatorCriteria(facts, right, "coordinator", "pasrl § 2-5 b"), CoordinatorBasis),
            RequestedRight.IndividualPlan => new RightAssessment(right, CoordinatorCriteria(facts, right, "individual_plan", "pasrl § 2-5"), IndividualPlanBasis),
            RequestedRight.ChildCoordinator => new RightAssessment(right, ChildCoordinatorCriteria(facts), ChildCoordinatorBasis),
            _ => throw new ArgumentOutOfRangeException(nameof(facts), "Unknown right."),
        }).ToList();
        return new PreAssessment(Version, rights, CoordinationLead(facts));
    }

    /// <summary>The coordinator and the individual plan rest on the same two criteria.</summary>
    private static List<CriterionResult> CoordinatorCriteria(AssessmentFacts facts, RequestedRight right, string prefix, string reference)
    {
        var health = facts.HealthAndCare.ToList();
        var services = DistinctServices(health);

        var longTerm = health.Count == 0
            ? Result(CriterionOutcome.NotMet,
                "Det er ikke oppgitt behov for helse- og omsorgstjenester. Behov for andre velferdstjenester alene gir ikke rett.",
                "Det er ikkje oppgitt behov for helse- og omsorgstenester. Behov for andre velferdstenester åleine gir ikkje rett.")
            : facts.Duration switch
            {
                ExpectedDuration.LongTerm => Result(CriterionOutcome.Met,
                    "Behovet for helse- og omsorgstjenester er oppgitt å være langvarig.",
                    "Behovet for helse- og omsorgstenester er oppgitt å vere langvarig."),
                ExpectedDuration.ShortTerm => Result(CriterionOutcome.NotMet,
                    "Behovet er oppgitt å være kortvarig. Retten gjelder langvarige behov.",
                    "Behovet er oppgitt å vere kortvarig. Retten gjeld langvarige behov."),
                _ => Result(CriterionOutcome.NeedsJudgement,
                    "Varigheten er ikke kjent og må vurderes faglig. Behovet må ha en viss varighet, men ikke et bestemt antall måneder.",
                    "Varigheita er ikkje kjend og må vurderast fagleg. Behovet må ha ei viss varigheit, men ikkje eit bestemt tal månader."),
            };

        // The law's test is two or more services that must be seen together, whoever delivers them:
        // home nursing and practical assistance from one home-care unit count as two services.
        var coordinated = services >= 2
            ? Result(CriterionOutcome.Met,
                $"Det er behov for {services} helse- og omsorgstjenester som bør sees i sammenheng, enten de ytes av én eller flere tjenesteytere.",
                $"Det er behov for {services} helse- og omsorgstenester som bør sjåast i samanheng, anten dei blir ytte av éin eller fleire tenesteytarar.")
            : Result(CriterionOutcome.NotMet,
                "Behovet må gjelde to eller flere helse- og omsorgstjenester som må sees i sammenheng.",
                "Behovet må gjelde to eller fleire helse- og omsorgstenester som må sjåast i samanheng.");

        return
        [
            new($"{prefix}.long_term_health_care", right, longTerm.Outcome,
                new("Behov for langvarige helse- og omsorgstjenester", "Behov for langvarige helse- og omsorgstenester"), longTerm.Grounds, reference),
            new($"{prefix}.coordinated_health_care", right, coordinated.Outcome,
                new("Behov for koordinerte helse- og omsorgstjenester", "Behov for koordinerte helse- og omsorgstenester"), coordinated.Grounds, reference),
        ];
    }

    private static List<CriterionResult> ChildCoordinatorCriteria(AssessmentFacts facts)
    {
        const string reference = "pasrl § 2-5 c";
        var childAge = facts.Age;
        var child = facts.ExpectedChild
            ? Result(CriterionOutcome.Met, "Familien venter barn.", "Familien ventar barn.")
            : childAge switch
            {
                null => Result(CriterionOutcome.NeedsJudgement,
                    "Barnets alder kan ikke leses av identitetsnummeret og må bekreftes.",
                    "Alderen til barnet kan ikkje lesast av identitetsnummeret og må stadfestast."),
                < 18 => Result(CriterionOutcome.Met, $"Barnet er {childAge} år, altså under 18 år.", $"Barnet er {childAge} år, altså under 18 år."),
                _ => Result(CriterionOutcome.NotMet,
                    $"Personen er {childAge} år. Retten gjelder familier som venter barn eller har barn under 18 år.",
                    $"Personen er {childAge} år. Retten gjeld familiar som ventar barn eller har barn under 18 år."),
            };

        var serious = Result(CriterionOutcome.NeedsJudgement,
            "Om barnet har alvorlig sykdom, skade eller nedsatt funksjonsevne er en individuell faglig vurdering; diagnose kreves ikke.",
            "Om barnet har alvorleg sjukdom, skade eller nedsett funksjonsevne er ei individuell fagleg vurdering; diagnose er ikkje eit krav.");

        var hasHealth = facts.HealthAndCare.Any();
        var hasWelfare = facts.Welfare.Any();
        var services = (hasHealth, hasWelfare, facts.Duration) switch
        {
            (true, false, _) => Result(CriterionOutcome.NotMet,
                "Barnet har bare behov for helse- og omsorgstjenester. Det gir ikke rett til barnekoordinator, men saken vurderes for ordinær koordinator.",
                "Barnet har berre behov for helse- og omsorgstenester. Det gir ikkje rett til barnekoordinator, men saka blir vurdert for ordinær koordinator."),
            (false, _, _) => Result(CriterionOutcome.NotMet,
                "Det er ikke oppgitt behov for helse- og omsorgstjenester. Retten krever behov for både helse- og omsorgstjenester og andre velferdstjenester.",
                "Det er ikkje oppgitt behov for helse- og omsorgstenester. Retten krev behov for både helse- og omsorgstenester og andre velferdstenester."),
            (true, true, ExpectedDuration.ShortTerm) => Result(CriterionOutcome.NotMet,
                "Behovet er oppgitt å være kortvarig. Retten gjelder langvarige behov.",
                "Behovet er oppgitt å vere kortvarig. Retten gjeld langvarige behov."),
            (true, true, ExpectedDuration.LongTerm) => Result(CriterionOutcome.Met,
                "Barnet har langvarig behov for både helse- og omsorgstjenester og andre velferdstjenester.",
                "Barnet har langvarig behov for både helse- og omsorgstenester og andre velferdstenester."),
            _ => Result(CriterionOutcome.NeedsJudgement,
                "Barnet har behov for både helse- og omsorgstjenester og andre velferdstjenester, men varigheten må vurderes faglig.",
                "Barnet har behov for både helse- og omsorgstenester og andre velferdstenester, men varigheita må vurderast fagleg."),
        };

        var wants = !facts.AssessAll && facts.RequestedRights.Contains(RequestedRight.ChildCoordinator)
            ? Result(CriterionOutcome.Met, "Foreldrene har bedt om barnekoordinator.", "Foreldra har bede om barnekoordinator.")
            : Result(CriterionOutcome.NeedsJudgement,
                "Søkeren var usikker på hva det søkes om. Det må avklares om foreldrene ønsker barnekoordinator.",
                "Søkjaren var usikker på kva det blir søkt om. Det må avklarast om foreldra ønskjer barnekoordinator.");

        return
        [
            new("child_coordinator.child_under_18", RequestedRight.ChildCoordinator, child.Outcome,
                new("Familien venter barn eller har barn under 18 år", "Familien ventar barn eller har barn under 18 år"), child.Grounds, reference),
            new("child_coordinator.serious_condition", RequestedRight.ChildCoordinator, serious.Outcome,
                new("Barnet har alvorlig sykdom, skade eller nedsatt funksjonsevne", "Barnet har alvorleg sjukdom, skade eller nedsett funksjonsevne"), serious.Grounds, reference),
            new("child_coordinator.health_and_welfare_services", RequestedRight.ChildCoordinator, services.Outcome,
                new("Behov for langvarige helse- og omsorgstjenester og andre velferdstjenester", "Behov for langvarige helse- og omsorgstenester og andre velferdstenester"), services.Grounds, reference),
            new("child_coordinator.family_wants", RequestedRight.ChildCoordinator, wants.Outcome,
                new("Foreldrene ønsker barnekoordinator", "Foreldra ønskjer barnekoordinator"), wants.Grounds, "hol § 7-2 a"),
        ];
    }

    /// <summary>
    /// Where no right to a coordinator holds but several services must cooperate, one service
    /// should be made lead (samordningsansvarlig). No decision is made on this.
    /// </summary>
    private static Text? CoordinationLead(AssessmentFacts facts)
    {
        var coordinator = new RightAssessment(RequestedRight.Coordinator, CoordinatorCriteria(facts, RequestedRight.Coordinator, "coordinator", "pasrl § 2-5 b"), CoordinatorBasis);
        if (coordinator.Preliminary != CriterionOutcome.NotMet || DistinctServices(facts.Services) < 2)
        {
            return null;
        }
        return new Text(
            "Vilkårene for koordinator ser ikke ut til å være oppfylt, men flere tjenester må samarbeide. Det anbefales at én tjeneste får samordningsansvar. Dette er ikke et vedtak.",
            "Vilkåra for koordinator ser ikkje ut til å vere oppfylte, men fleire tenester må samarbeide. Det blir tilrådd at éi teneste får samordningsansvar. Dette er ikkje eit vedtak.");
    }

    /// <summary>Services counted by what they are (their category), not by who provides them.</summary>
    private static int DistinctServices(IEnumerable<ServiceNeed> services) =>
        services.Select(s => s.Category.Trim().ToUpperInvariant()).Distinct().Count();

    private static (CriterionOutcome Outcome, Text Grounds) Result(CriterionOutcome outcome, string nb, string nn) => (outcome, new Text(nb, nn));
}
