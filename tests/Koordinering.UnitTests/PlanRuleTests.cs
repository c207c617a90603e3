using Koordinering.Domain;
using Koordinering.Plan.Domain;
using Koordinering.Plan.Plans;

namespace Koordinering.UnitTests;

/// <summary>The plan's own rules (docs/domain.md, the individual plan): its content, versions, evaluations and who may do what; one behaviour per test.</summary>
public sealed class PlanRuleTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly Participant Nurse = new("p1", "Hjemmesykepleie", "Kari", "974600951", null, null, true, null);
    private static readonly Goal Walk = new("g1", "Gå til butikken selv", null);

    private static PlanDocument Document(params Measure[] measures) =>
        PlanDocument.Empty with { Goals = [Walk], Participants = [Nurse], Measures = measures };

    private static Measure Measure(string? responsible = "p1", string goal = "g1", DateOnly? start = null, DateOnly? deadline = null) =>
        new("m1", "Gåtrening", null, null, responsible, start, deadline, MeasureStatus.Planned, [goal]);

    private static CarePlan NewPlan(PlanDocument? content = null) =>
        CarePlan.Create(new CarePlan { Id = Guid.NewGuid(), MunicipalityNumber = "5001", PersonIdentityNumber = "15076500565", Kind = PlanKind.IndividualPlan, CreatedAt = Monday },
            content ?? Document(), "employee:co-1", Monday);

    [Fact]
    public void A_plan_with_goals_participants_and_measures_that_refer_to_them_is_valid() =>
        Assert.Empty(PlanRules.Check(Document(Measure())));

    [Fact]
    public void A_measure_must_name_a_participant_of_the_plan_as_responsible() =>
        Assert.Equal(["content.measures[0].responsible_participant_id"], PlanRules.Check(Document(Measure(responsible: "p9"))).Select(v => v.Field));

    [Fact]
    public void A_measure_must_serve_a_goal_of_the_plan() =>
        Assert.Equal(["content.measures[0].goal_ids[0]"], PlanRules.Check(Document(Measure(goal: "g9"))).Select(v => v.Field));

    [Fact]
    public void A_measure_may_not_end_before_it_starts() =>
        Assert.Equal(["content.measures[0].deadline"], PlanRules.Check(Document(Measure(start: Today, deadline: Today.AddDays(-1)))).Select(v => v.Field));

    [Fact]
    public void Two_participants_with_the_same_id_are_refused() =>
        Assert.Contains(PlanRules.Check(PlanDocument.Empty with { Participants = [Nurse, Nurse] }), v => v.Field == "content.participants");

    [Fact]
    public void The_period_may_not_end_before_it_starts() =>
        Assert.Contains(PlanRules.Check(PlanDocument.Empty with { PeriodStart = Today, PeriodEnd = Today.AddDays(-1) }), v => v.Field == "content.period_end");

    [Fact]
    public void More_goals_than_the_limit_are_refused() =>
        Assert.Contains(PlanRules.Check(PlanDocument.Empty with { Goals = Enumerable.Range(0, PlanLimits.MaxItems + 1).Select(i => new Goal($"g{i}", "Mål", null)).ToList() }),
            v => v.Field == "content.goals");

    [Fact]
    public void A_new_plan_is_version_one_with_one_revision() =>
        Assert.Equal((1, 1, "created"), (NewPlan().Version, NewPlan().Revisions.Count, NewPlan().Revisions[0].Change));

    [Fact]
    public void A_change_raises_the_version_and_keeps_the_content_before_it()
    {
        var plan = NewPlan();
        var before = plan.Content;
        plan.Change(1, Document(Measure()), "updated", "employee:co-1", Monday.AddHours(1));
        Assert.Equal((2, before), (plan.Version, plan.Revisions[^1].Before));
    }

    [Fact]
    public void A_change_made_on_an_old_version_is_refused_with_the_version_the_plan_has()
    {
        var plan = NewPlan();
        plan.Change(1, Document(), "updated", "employee:co-1", Monday);
        Assert.Equal(2, Assert.Throws<StaleVersionException>(() => plan.Change(1, Document(), "updated", "employee:co-2", Monday)).Current);
    }

    [Fact]
    public void A_closed_plan_is_read_only()
    {
        var plan = NewPlan();
        plan.Close(1, "employee:cw-1", Monday);
        Assert.Throws<PlanRuleException>(() => plan.Change(2, Document(), "updated", "employee:co-1", Monday));
    }

    [Fact]
    public void An_evaluation_sets_the_next_date_and_drops_the_dates_that_have_passed()
    {
        var content = Document() with { EvaluationDates = [Today.AddDays(-30), Today.AddDays(30)] };
        var evaluated = PlanEvaluation.Evaluate(content, [], [], Today.AddDays(180), Today);
        Assert.Equal([Today.AddDays(30), Today.AddDays(180)], evaluated.EvaluationDates);
    }

    [Fact]
    public void An_evaluation_without_goals_or_measures_keeps_those_the_plan_has()
    {
        var content = Document(Measure());
        var evaluated = PlanEvaluation.Evaluate(content, [], [], Today.AddDays(1), Today);
        Assert.Equal((content.Goals, content.Measures), (evaluated.Goals, evaluated.Measures));
    }

    [Fact]
    public void The_next_evaluation_must_come_after_today() =>
        Assert.Throws<PlanRuleException>(() => PlanEvaluation.Evaluate(Document(), [], [], Today, Today));

    [Fact]
    public void Decisions_taken_as_measures_join_the_measures_the_plan_has() =>
        Assert.Equal(["m1", "m2"], PlanEvaluation.WithMeasures(Document(Measure()), [Measure() with { Id = "m2" }]).Measures.Select(m => m.Id));

    [Theory]
    [InlineData(PlanRole.Coordinator, PlanRole.Coordinator, true)]
    [InlineData(PlanRole.Caseworker, PlanRole.Coordinator, false)]
    [InlineData(PlanRole.Coordinator, PlanRole.Caseworker, true)]
    [InlineData(PlanRole.Owner, PlanRole.Caseworker, false)]
    [InlineData(PlanRole.Owner, PlanRole.Owner, true)]
    [InlineData(PlanRole.Participant, PlanRole.Owner, false)]
    [InlineData(PlanRole.Participant, PlanRole.Participant, true)]
    public void Only_the_coordinator_edits_a_caseworker_administers_and_a_participant_reads(PlanRole role, PlanRole needed, bool allowed) =>
        Assert.Equal(allowed, PlanAccess.Allows(role, needed));
}
