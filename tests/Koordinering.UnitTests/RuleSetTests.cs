using Koordinering.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Domain.Rules;
using static Koordinering.Eligibility.Domain.Rules.CriterionOutcome;

namespace Koordinering.UnitTests;

/// <summary>The legal criteria, case by case (docs/domain.md, "Rules"; the municipal pages 000–004).</summary>
public sealed class RuleSetTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>"H:home nursing@Bydel A" is a health and care service; "W:" another welfare service; no "@": provider not known.</summary>
    private static List<ServiceNeed> Services(string spec) => spec.Length == 0 ? [] : spec.Split(',').Select(s =>
    {
        var kind = s[0] == 'H' ? ServiceKind.HealthAndCare : ServiceKind.Welfare;
        var parts = s[2..].Split('@');
        return new ServiceNeed(kind, parts[0], parts.Length > 1 ? parts[1] : null);
    }).ToList();

    private static AssessmentFacts Facts(DateOnly? born, string services, ExpectedDuration duration, string rights, DateOnly? expected = null) => new(
        born, expected, Services(services), duration,
        rights == "?" ? [] : rights.Split(',').Select(r => r switch { "C" => RequestedRight.Coordinator, "B" => RequestedRight.ChildCoordinator, _ => RequestedRight.IndividualPlan }).ToList(),
        AssessAll: rights == "?", Today);

    private static DateOnly YearsAgo(int years, int days = 0) => Today.AddYears(-years).AddDays(days);

    private const string TwoHealth = "H:home nursing@Home nursing service,H:physiotherapy@Physio clinic";
    private const string OneHealth = "H:home nursing@Home nursing service";
    private const string HealthAndWelfare = "H:respite care@Respite service,W:kindergarten@Solsikken kindergarten";
    private const string WelfareOnly = "W:school@Skolen,W:ppt@PPT,W:nav@NAV";

    public static TheoryData<string, DateOnly?, string, ExpectedDuration, string, string, bool> Cases => new()
    {
        // name, born, services, duration, rights asked, expected preliminary per right, coordination lead recommended
        { "adult, two health services, long term", YearsAgo(40), TwoHealth, ExpectedDuration.LongTerm, "C", "C=Met", false },
        { "adult, two health services, short term", YearsAgo(40), TwoHealth, ExpectedDuration.ShortTerm, "C", "C=NotMet", true },
        { "adult, two health services, unknown duration", YearsAgo(40), TwoHealth, ExpectedDuration.Unknown, "C", "C=NeedsJudgement", false },
        { "adult, one health service", YearsAgo(40), OneHealth, ExpectedDuration.LongTerm, "C", "C=NotMet", false },
        // Services are counted, not providers (issue 15): one home-care unit's two services are coordinated services.
        { "adult, two services from one provider", YearsAgo(40), "H:home nursing@Kommune,H:practical help@kommune", ExpectedDuration.LongTerm, "C", "C=Met", false },
        { "adult, one service from one provider", YearsAgo(40), "H:home nursing@Kommune", ExpectedDuration.LongTerm, "C", "C=NotMet", false },
        { "adult, two services from two providers", YearsAgo(40), "H:home nursing@Kommune,H:physiotherapy@Fysio AS", ExpectedDuration.LongTerm, "C", "C=Met", false },
        { "adult, two services, providers not known", YearsAgo(40), "H:home nursing,H:physiotherapy", ExpectedDuration.LongTerm, "C,I", "C=Met;I=Met", false },
        { "adult, the same service named twice", YearsAgo(40), "H:home nursing@Bydel A,H:home nursing@Bydel B", ExpectedDuration.LongTerm, "C", "C=NotMet", false },
        { "rehabilitation team, physiotherapy and occupational therapy", YearsAgo(50), "H:physiotherapy@Rehabiliteringsteamet,H:occupational therapy@Rehabiliteringsteamet", ExpectedDuration.LongTerm, "I", "I=Met", false },
        { "adult, welfare services only", YearsAgo(30), WelfareOnly, ExpectedDuration.LongTerm, "C", "C=NotMet", true },
        { "adult, one health and one welfare service", YearsAgo(30), HealthAndWelfare, ExpectedDuration.LongTerm, "C", "C=NotMet", true },
        { "adult, no services named", YearsAgo(30), "", ExpectedDuration.LongTerm, "C", "C=NotMet", false },
        { "adult, individual plan, two health services", YearsAgo(55), TwoHealth, ExpectedDuration.LongTerm, "I", "I=Met", false },
        { "adult, individual plan, welfare only", YearsAgo(55), WelfareOnly, ExpectedDuration.LongTerm, "I", "I=NotMet", true },
        { "adult asks for a child coordinator", YearsAgo(25), HealthAndWelfare, ExpectedDuration.LongTerm, "B", "B=NotMet", true },
        { "child, health and welfare, asks for child coordinator", YearsAgo(6), HealthAndWelfare, ExpectedDuration.LongTerm, "B", "B=NeedsJudgement", true },
        { "child, health only, asks for child coordinator", YearsAgo(6), TwoHealth, ExpectedDuration.LongTerm, "B", "B=NotMet", false },
        { "child, health only, not sure", YearsAgo(6), TwoHealth, ExpectedDuration.LongTerm, "?", "C=Met;B=NotMet;I=Met", false },
        { "child, welfare only, not sure", YearsAgo(9), WelfareOnly, ExpectedDuration.LongTerm, "?", "C=NotMet;B=NotMet;I=NotMet", true },
        { "child, health and welfare, short term", YearsAgo(9), HealthAndWelfare, ExpectedDuration.ShortTerm, "B", "B=NotMet", true },
        { "child, health and welfare, unknown duration", YearsAgo(9), HealthAndWelfare, ExpectedDuration.Unknown, "B", "B=NeedsJudgement", true },
        { "child, day before 18th birthday", YearsAgo(18, 1), HealthAndWelfare, ExpectedDuration.LongTerm, "B", "B=NeedsJudgement", true },
        { "child, on 18th birthday", YearsAgo(18), HealthAndWelfare, ExpectedDuration.LongTerm, "B", "B=NotMet", true },
        { "adult, not sure, two health services", YearsAgo(70), TwoHealth, ExpectedDuration.LongTerm, "?", "C=Met;B=NotMet;I=Met", false },
        { "adult, not sure, short term", YearsAgo(70), TwoHealth, ExpectedDuration.ShortTerm, "?", "C=NotMet;B=NotMet;I=NotMet", true },
        { "adult, coordinator and plan", YearsAgo(35), TwoHealth, ExpectedDuration.LongTerm, "C,I", "C=Met;I=Met", false },
        { "unknown birth date, child coordinator", null, HealthAndWelfare, ExpectedDuration.LongTerm, "B", "B=NeedsJudgement", true },
        { "child, three health, one welfare", YearsAgo(12), TwoHealth + ",H:GP@Legekontoret,W:school@Skolen", ExpectedDuration.LongTerm, "B,C", "C=Met;B=NeedsJudgement", false },
        { "newborn, health and welfare", YearsAgo(0, -30), HealthAndWelfare, ExpectedDuration.LongTerm, "B", "B=NeedsJudgement", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_right_gets_the_expected_preliminary_outcome(string name, DateOnly? born, string services, ExpectedDuration duration, string rights, string expected, bool lead)
    {
        var result = RuleSet.Assess(Facts(born, services, duration, rights));
        var actual = string.Join(";", result.Rights.Select(r => $"{Code(r.Right)}={r.Preliminary}"));
        var wanted = string.Join(";", expected.Split(';').OrderBy(e => Order(e[0])));
        Assert.True(wanted == actual, $"{name}: expected {wanted}, got {actual}");
        Assert.True(lead == (result.CoordinationLeadRecommendation is not null), $"{name}: coordination lead {(lead ? "expected" : "not expected")}");
        Assert.Equal(RuleSet.Version, result.RuleSetVersion);
    }

    private static string Code(RequestedRight right) => right switch { RequestedRight.Coordinator => "C", RequestedRight.ChildCoordinator => "B", _ => "I" };
    private static int Order(char code) => code switch { 'C' => 1, 'B' => 2, _ => 3 };

    private static CriterionResult Criterion(AssessmentFacts facts, string id) =>
        RuleSet.Assess(facts).Rights.SelectMany(r => r.Criteria).Single(c => c.Id == id);

    [Fact]
    public void An_expected_child_meets_the_age_criterion()
    {
        var facts = Facts(null, HealthAndWelfare, ExpectedDuration.LongTerm, "B", expected: Today.AddMonths(3));
        Assert.Equal(Met, Criterion(facts, "child_coordinator.child_under_18").Outcome);
    }

    [Fact]
    public void The_day_before_the_18th_birthday_is_under_18_and_the_day_itself_is_not()
    {
        Assert.Equal(Met, Criterion(Facts(YearsAgo(18, 1), HealthAndWelfare, ExpectedDuration.LongTerm, "B"), "child_coordinator.child_under_18").Outcome);
        Assert.Equal(NotMet, Criterion(Facts(YearsAgo(18), HealthAndWelfare, ExpectedDuration.LongTerm, "B"), "child_coordinator.child_under_18").Outcome);
    }

    [Fact]
    public void A_serious_condition_always_needs_the_caseworkers_judgement()
    {
        Assert.Equal(NeedsJudgement, Criterion(Facts(YearsAgo(4), HealthAndWelfare, ExpectedDuration.LongTerm, "B"), "child_coordinator.serious_condition").Outcome);
    }

    [Fact]
    public void A_child_with_health_services_only_is_pointed_to_an_ordinary_coordinator()
    {
        var c = Criterion(Facts(YearsAgo(7), TwoHealth, ExpectedDuration.LongTerm, "B"), "child_coordinator.health_and_welfare_services");
        Assert.Equal(NotMet, c.Outcome);
        Assert.Contains("ordinær koordinator", c.Grounds.Nb, StringComparison.Ordinal);
        Assert.Contains("ordinær koordinator", c.Grounds.Nn, StringComparison.Ordinal);
    }

    [Fact]
    public void Welfare_needs_alone_never_give_a_coordinator()
    {
        var c = Criterion(Facts(YearsAgo(30), WelfareOnly, ExpectedDuration.LongTerm, "C"), "coordinator.long_term_health_care");
        Assert.Equal(NotMet, c.Outcome);
    }

    [Fact]
    public void Not_sure_asks_whether_the_family_wants_a_child_coordinator()
    {
        Assert.Equal(NeedsJudgement, Criterion(Facts(YearsAgo(5), HealthAndWelfare, ExpectedDuration.LongTerm, "?"), "child_coordinator.family_wants").Outcome);
        Assert.Equal(Met, Criterion(Facts(YearsAgo(5), HealthAndWelfare, ExpectedDuration.LongTerm, "B"), "child_coordinator.family_wants").Outcome);
    }

    [Fact]
    public void Every_criterion_has_grounds_in_both_written_standards_and_a_legal_reference()
    {
        var all = RuleSet.Assess(Facts(YearsAgo(8), HealthAndWelfare, ExpectedDuration.Unknown, "?")).Rights.SelectMany(r => r.Criteria).ToList();
        Assert.Equal(8, all.Count);
        Assert.All(all, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Grounds.Nb));
            Assert.False(string.IsNullOrWhiteSpace(c.Grounds.Nn));
            Assert.False(string.IsNullOrWhiteSpace(c.Description.Nb));
            Assert.False(string.IsNullOrWhiteSpace(c.Description.Nn));
            Assert.StartsWith("p", c.LegalReference.Replace("hol", "p", StringComparison.Ordinal), StringComparison.Ordinal);
        });
        Assert.Equal(8, all.Select(c => c.Id).Distinct().Count());
    }
}
