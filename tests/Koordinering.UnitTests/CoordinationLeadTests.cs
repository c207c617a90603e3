using Koordinering.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Plan.Domain;

namespace Koordinering.UnitTests;

/// <summary>The lead-service designation (samordningsansvarlig), one behaviour per test.</summary>
public sealed class CoordinationLeadTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly WelfareService Ppt = new("974600951", "PPT", "PPT Nord", "ppt");
    private static readonly WelfareService School = new("971183675", "Nordby skole", null, "school");
    private static readonly WelfareService Nav = new("889640782", "NAV Nordby", null, "nav");
    private static readonly LeadContact Kari = new("Kari", "kari@ppt.example", null);

    private static CoordinationLead Designated(params WelfareService[] participating) =>
        CoordinationLead.Designate(Guid.NewGuid(), "5001", "15076500565", Ppt, Kari, participating, null, WrittenStandard.Nn, "employee:cw-1", Monday);

    [Fact]
    public void A_designation_is_active_with_its_lead_and_the_services_that_take_part()
    {
        var designation = Designated(School);
        Assert.Equal((CoordinationLeadStatus.Active, Ppt), (designation.Status, designation.Lead));
        Assert.Equal([School], designation.ParticipatingServices);
    }

    [Fact]
    public void A_lead_without_any_other_service_is_refused() =>
        Assert.Throws<PlanRuleException>(() => Designated());

    [Fact]
    public void The_lead_named_again_among_the_participants_does_not_count_as_another_service() =>
        Assert.Throws<PlanRuleException>(() => Designated(Ppt));

    [Fact]
    public void A_change_replaces_lead_and_services_and_is_kept_in_the_history()
    {
        var designation = Designated(School);
        designation.Change(School, new LeadContact("Ola", null, "+4790000000"), [Ppt, Nav], "employee:cw-2", Monday.AddDays(7));
        Assert.Equal(School, designation.Lead);
        Assert.Equal(["designated", "changed"], designation.History.Select(h => h.Action));
        Assert.Equal("employee:cw-2", designation.History[^1].Actor);
    }

    [Fact]
    public void Ending_records_when_and_why()
    {
        var designation = Designated(School);
        designation.End("Barnet har flyttet.", "employee:cw-1", Monday.AddDays(30));
        Assert.Equal((CoordinationLeadStatus.Ended, Monday.AddDays(30), "Barnet har flyttet."), (designation.Status, designation.EndedAt, designation.EndReason));
    }

    [Fact]
    public void An_ended_designation_changes_no_more()
    {
        var designation = Designated(School);
        designation.End("Avsluttet.", "employee:cw-1", Monday);
        Assert.Throws<PlanRuleException>(() => designation.Change(Ppt, Kari, [Nav], "employee:cw-1", Monday));
        Assert.Throws<PlanRuleException>(() => designation.End("Igjen.", "employee:cw-1", Monday));
    }

    [Theory]
    [InlineData("974600951", true)]  // the lead
    [InlineData("971183675", true)]  // a service that takes part
    [InlineData("889640782", false)] // not in it
    public void Only_the_lead_and_the_services_that_take_part_are_involved(string organisation, bool involved) =>
        Assert.Equal(involved, Designated(School).Involves(organisation));

    [Fact]
    public void The_history_names_services_never_the_person() =>
        Assert.DoesNotContain("15076500565", Designated(School).History[0].Detail, StringComparison.Ordinal);
}
