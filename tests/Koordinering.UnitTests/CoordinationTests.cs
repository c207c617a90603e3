using Koordinering.Plan.Domain;

namespace Koordinering.UnitTests;

/// <summary>The coordination of one person: the rights granted and the coordinator appointed (pasient- og brukerrettighetsloven § 2-5, helse- og omsorgstjenesteloven §§ 7-2, 7-2 a); one behaviour per test.</summary>
public sealed class CoordinationTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static Coordination Opened(bool coordinator = false, bool child = false, bool plan = false)
    {
        var coordination = Coordination.Open(Guid.NewGuid(), "5001", "15076500565", Monday);
        coordination.Grant(coordinator, child, plan);
        return coordination;
    }

    private static CoordinatorAppointment Appointment(string employee = "e-1", bool child = false, DateTimeOffset? at = null) => new()
    {
        Id = Guid.NewGuid(), EmployeeId = employee, Name = "Kari Koordinator", OrganisationNumber = "974600951", ChildCoordinator = child,
        AppointedAt = at ?? Monday, AppointedBy = "employee:cw-1",
    };

    [Fact]
    public void An_opened_coordination_waits_for_a_coordinator() =>
        Assert.Equal((CoordinationStatus.AwaitingAppointment, null), (Opened(coordinator: true).Status, Opened(coordinator: true).Current));

    [Fact]
    public void A_right_once_granted_stays_when_a_later_decision_grants_another()
    {
        var coordination = Opened(coordinator: true);
        coordination.Grant(coordinator: false, childCoordinator: false, individualPlan: true);
        Assert.Equal((true, true), (coordination.CoordinatorGranted, coordination.IndividualPlanGranted));
    }

    [Fact]
    public void A_right_to_a_coordinator_carries_the_right_to_an_individual_plan() =>
        Assert.True(Opened(coordinator: true).MayHaveIndividualPlan);

    [Fact]
    public void Without_any_right_there_is_no_individual_plan() =>
        Assert.Throws<PlanRuleException>(() => Opened().AttachPlan(Guid.NewGuid(), PlanKind.IndividualPlan));

    [Fact]
    public void A_service_overview_needs_no_right_to_a_plan()
    {
        var coordination = Opened();
        var plan = Guid.NewGuid();
        coordination.AttachPlan(plan, PlanKind.ServiceOverview);
        Assert.Equal(plan, coordination.PlanId);
    }

    [Fact]
    public void Appointing_a_coordinator_makes_the_coordination_active()
    {
        var coordination = Opened(coordinator: true);
        var (appointment, replacement) = coordination.Appoint(Appointment());
        Assert.Equal((CoordinationStatus.Active, appointment, false), (coordination.Status, coordination.Current, replacement));
    }

    [Fact]
    public void A_new_coordinator_replaces_the_one_before_who_stays_in_the_history()
    {
        var coordination = Opened(coordinator: true);
        var (first, _) = coordination.Appoint(Appointment("e-1"));
        var (second, replacement) = coordination.Appoint(Appointment("e-2", at: Monday.AddDays(30)));
        Assert.Equal((true, Monday.AddDays(30), second), (replacement, first.ReplacedAt, coordination.Current));
        Assert.Equal(2, coordination.Appointments.Count);
    }

    [Fact]
    public void No_coordinator_is_appointed_where_none_was_granted() =>
        Assert.Throws<PlanRuleException>(() => Opened(plan: true).Appoint(Appointment()));

    [Fact]
    public void A_child_coordinator_needs_a_child_coordinator_granted() =>
        Assert.Throws<PlanRuleException>(() => Opened(coordinator: true).Appoint(Appointment(child: true)));

    [Fact]
    public void A_family_granted_a_child_coordinator_may_get_an_ordinary_coordinator()
    {
        var coordination = Opened(child: true);
        coordination.Appoint(Appointment(child: false));
        Assert.Equal(CoordinationStatus.Active, coordination.Status);
    }
}
