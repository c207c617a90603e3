using Koordinering.Consent.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;

namespace Koordinering.Consent.Consents;

/// <summary>The consent's events, each set from the consent it tells of.</summary>
public static class ConsentEvents
{
    public static ConsentGivenV1 Given(Domain.Consent consent) => new EventEnvelope(consent.GivenAt, consent.MunicipalityNumber, consent.Id).Stamp(new ConsentGivenV1
    {
        ConsentId = consent.Id, SubjectIdentityNumber = consent.SubjectIdentityNumber, Purposes = consent.Purposes,
        Parties = consent.Parties.Select(Ref).ToList(), ValidFrom = consent.ValidFrom, ValidTo = consent.ValidTo,
        GivenByGuardians = consent.GivenByGuardiansOnly, Digital = consent.Form == ConsentForm.Digital,
        GiverIdentityNumbers = consent.Givers.Select(g => g.IdentityNumber).ToList(),
    });

    public static ConsentWithdrawnV1 Withdrawn(Domain.Consent consent, DateTimeOffset now, bool whole, IEnumerable<ConsentParty> parties) =>
        new EventEnvelope(now, consent.MunicipalityNumber, consent.Id).Stamp(new ConsentWithdrawnV1
        {
            ConsentId = consent.Id, SubjectIdentityNumber = consent.SubjectIdentityNumber, Purposes = consent.Purposes,
            WholeConsent = whole, WithdrawnParties = parties.Select(Ref).ToList(), GiverIdentityNumbers = consent.Givers.Select(g => g.IdentityNumber).ToList(),
        });

    private static ConsentPartyRef Ref(ConsentParty p) => new(p.Id, p.OrganisationNumber, p.PersonId);
}
