using Google.Protobuf.WellKnownTypes;
using Koordinering.Consent.Domain;
using Koordinering.Domain;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.Consent.Api;

/// <summary>Between the consent API's messages and the domain.</summary>
public static class ConsentMapping
{
    public static ConsentPurpose? Purpose(V1.ConsentPurpose purpose) => purpose switch
    {
        V1.ConsentPurpose.Coordination => ConsentPurpose.Coordination,
        V1.ConsentPurpose.IndividualPlan => ConsentPurpose.IndividualPlan,
        V1.ConsentPurpose.ParticipantAccess => ConsentPurpose.ParticipantAccess,
        V1.ConsentPurpose.AssessmentInformation => ConsentPurpose.AssessmentInformation,
        _ => null,
    };

    public static V1.HistoryEntry ToProto(ConsentHistoryEntry h) => new() { At = Timestamp.FromDateTimeOffset(h.At), Actor = h.Actor, Action = h.Action, Detail = h.Detail ?? "" };

    public static V1.Consent ToProto(Domain.Consent c, DateTimeOffset now)
    {
        var proto = new V1.Consent
        {
            ConsentId = c.Id.ToString(),
            MunicipalityNumber = c.MunicipalityNumber,
            Status = (V1.ConsentStatus)c.StatusAt(now),
            ValidFrom = Timestamp.FromDateTimeOffset(c.ValidFrom),
            ValidTo = c.ValidTo is { } to ? Timestamp.FromDateTimeOffset(to) : null,
            SubjectIdentityNumber = c.SubjectIdentityNumber,
            GivenAt = Timestamp.FromDateTimeOffset(c.GivenAt),
            WithdrawnAt = c.WithdrawnAt is { } w ? Timestamp.FromDateTimeOffset(w) : null,
            RenewalDueAt = c.RenewalDueAt is { } r ? Timestamp.FromDateTimeOffset(r) : null,
        };
        if (c.ChildHeard is { } heard)
        {
            proto.ChildHeard = heard;
        }
        proto.Givers.AddRange(c.Givers.Select(g => new V1.Giver
        {
            IdentityNumber = g.IdentityNumber, Role = (V1.GiverRole)g.Role, RepresentationBasis = g.RepresentationBasis ?? "",
            RepresentationDocument = g.Document is { } d
                ? new V1.RepresentationDocument { Kind = (V1.RepresentationDocumentKind)d.Kind, Reference = d.Reference, AttestedBy = d.AttestedBy, AttestedAt = Timestamp.FromDateTimeOffset(d.AttestedAt) }
                : null,
        }));
        proto.Purposes.AddRange(c.Purposes.Select(p => (V1.ConsentPurpose)p));
        proto.Parties.AddRange(c.Parties.OrderBy(p => p.Id).Select(p => new V1.Party
        {
            PartyId = p.Id.ToString(), OrganisationNumber = p.OrganisationNumber, OrganisationName = p.OrganisationName ?? "",
            PersonId = p.PersonId ?? "", PersonName = p.PersonName ?? "", WithdrawnAt = p.WithdrawnAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        }));
        if (c.Form == ConsentForm.Paper)
        {
            proto.Paper = new V1.PaperForm { ArchiveReference = c.ArchiveReference ?? "", RegisteredBy = c.GivenBy };
        }
        else
        {
            proto.Digital = new V1.DigitalForm { AssuranceLevel = c.AssuranceLevel ?? "", AuthenticatedAt = c.AuthenticatedAt is { } a ? Timestamp.FromDateTimeOffset(a) : null };
        }
        return proto;
    }
}
