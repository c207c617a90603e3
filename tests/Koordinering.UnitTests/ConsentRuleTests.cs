using Koordinering.Consent.Domain;
using Koordinering.Domain;
using ConsentRecord = Koordinering.Consent.Domain.Consent;

namespace Koordinering.UnitTests;

/// <summary>Who may consent for whom (pasrl §§ 4-3, 4-4) and a consent's life: given, withdrawn, a party withdrawn, expired; one behaviour per test.</summary>
public sealed class ConsentRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Born10YearsAgo = Today.AddYears(-10);
    private static readonly DateOnly Born14YearsAgo = Today.AddYears(-14);
    private static readonly DateOnly Born16Today = Today.AddYears(-16);
    private const string Parent = "15076500565";
    private const string OtherParent = "01010012356";

    private static List<string> Fields(string subject, DateOnly born, bool? heard, params Giver[] givers) =>
        ConsentRules.CheckGivers(subject, born, Today, givers, heard).Select(v => v.Field).ToList();

    private static ConsentRecord Given(DateTimeOffset? validTo = null) => ConsentRecord.Give(new ConsentRecord
    {
        Id = Guid.NewGuid(), MunicipalityNumber = "5001", SubjectIdentityNumber = Parent, Givers = [new Giver(Parent, GiverRole.Subject, null)],
        Purposes = [ConsentPurpose.ParticipantAccess], Parties = [new ConsentParty { Id = Guid.NewGuid(), OrganisationNumber = "974600951" }],
        GivenBy = "citizen:15076500565", GivenAt = Now, ValidFrom = Now, ValidTo = validTo,
    });

    [Fact]
    public void An_adult_consents_for_themselves() =>
        Assert.Empty(Fields(Parent, new DateOnly(1965, 7, 15), null, new Giver(Parent, GiverRole.Subject, null)));

    [Fact]
    public void A_child_under_16_does_not_consent_alone()
    {
        var child = IdentityNumbers.For(Born10YearsAgo);
        Assert.Equal(["givers[0].role"], Fields(child, Born10YearsAgo, null, new Giver(child, GiverRole.Subject, null)));
    }

    [Fact]
    public void The_guardians_consent_for_a_child_under_12_who_need_not_be_heard()
    {
        var child = IdentityNumbers.For(Born10YearsAgo);
        Assert.Empty(Fields(child, Born10YearsAgo, null, new Giver(Parent, GiverRole.Guardian, null), new Giver(OtherParent, GiverRole.Guardian, null)));
    }

    [Fact]
    public void A_child_of_12_to_15_must_have_been_heard_or_not_said_so()
    {
        var child = IdentityNumbers.For(Born14YearsAgo);
        Assert.Equal(["child_heard"], Fields(child, Born14YearsAgo, null, new Giver(Parent, GiverRole.Guardian, null)));
    }

    [Fact]
    public void On_the_sixteenth_birthday_the_guardians_no_longer_consent()
    {
        var youth = IdentityNumbers.For(Born16Today);
        Assert.Equal(["givers[0].role"], Fields(youth, Born16Today, null, new Giver(Parent, GiverRole.Guardian, null)));
    }

    [Fact]
    public void On_the_sixteenth_birthday_the_person_consents_themselves()
    {
        var youth = IdentityNumbers.For(Born16Today);
        Assert.Empty(Fields(youth, Born16Today, null, new Giver(youth, GiverRole.Subject, null)));
    }

    [Fact]
    public void A_representative_needs_the_document_a_caseworker_saw() =>
        Assert.Equal(["givers[0].representation_document"], Fields(Parent, new DateOnly(1965, 7, 15), null, new Giver(OtherParent, GiverRole.Representative, "fullmakt")));

    [Fact]
    public void A_representative_with_a_recorded_power_of_attorney_may_consent() =>
        Assert.Empty(Fields(Parent, new DateOnly(1965, 7, 15), null, new Giver(OtherParent, GiverRole.Representative, null,
            new RepresentationDocument(RepresentationDocumentKind.PowerOfAttorney, "2026/123-4", "employee:cw-1", Now))));

    [Fact]
    public void The_same_person_named_twice_as_giver_is_refused()
    {
        var child = IdentityNumbers.For(Born10YearsAgo);
        Assert.Contains("givers", Fields(child, Born10YearsAgo, null, new Giver(Parent, GiverRole.Guardian, null), new Giver(Parent, GiverRole.Guardian, null)));
    }

    [Fact]
    public void A_guardians_only_consent_is_due_for_renewal_on_the_sixteenth_birthday() =>
        Assert.Equal(new DateOnly(2026, 3, 1), ConsentRules.SixteenthBirthday(new DateOnly(2010, 3, 1)));

    [Fact]
    public void A_given_consent_is_active_with_its_history() =>
        Assert.Equal((ConsentStatus.Active, "given"), (Given().StatusAt(Now), Given().History.Single().Action));

    [Fact]
    public void A_withdrawn_consent_records_who_withdrew_it_and_when()
    {
        var consent = Given();
        consent.Withdraw("citizen:15076500565", Now.AddDays(1));
        Assert.Equal((ConsentStatus.Withdrawn, Now.AddDays(1)), (consent.Status, consent.WithdrawnAt));
    }

    [Fact]
    public void A_consent_is_withdrawn_once()
    {
        var consent = Given();
        consent.Withdraw("citizen:15076500565", Now);
        Assert.Throws<ConsentRuleException>(() => consent.Withdraw("citizen:15076500565", Now));
    }

    [Fact]
    public void One_party_withdrawn_leaves_the_consent_active()
    {
        var consent = Given();
        var party = consent.WithdrawParty(consent.Parties[0].Id, "citizen:15076500565", Now);
        Assert.Equal((ConsentStatus.Active, Now), (consent.Status, party.WithdrawnAt));
    }

    [Fact]
    public void A_party_is_withdrawn_once()
    {
        var consent = Given();
        consent.WithdrawParty(consent.Parties[0].Id, "citizen:15076500565", Now);
        Assert.Throws<ConsentRuleException>(() => consent.WithdrawParty(consent.Parties[0].Id, "citizen:15076500565", Now));
    }

    [Fact]
    public void A_consent_past_its_end_is_expired() =>
        Assert.Equal(ConsentStatus.Expired, Given(validTo: Now.AddDays(30)).StatusAt(Now.AddDays(30)));
}
