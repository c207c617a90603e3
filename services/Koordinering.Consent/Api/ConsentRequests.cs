using Grpc.Core;
using Koordinering.Consent.Consents;
using Koordinering.Consent.Domain;
using Koordinering.Domain;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.Consent.Api;

/// <summary>The field checks of the consent API's requests, each broken rule named by its field (limits from <see cref="ConsentLimits"/>).</summary>
public static class ConsentRequests
{
    public const string NotAnIdentityNumber = "must be a valid fødselsnummer or D-number of 11 digits";

    public static ConsentDraft Give(V1.GiveConsentRequest request, Caller caller, DateTimeOffset now, DateTimeOffset? authenticatedAt)
    {
        var violations = new List<(string, string)>();
        if (!IsMunicipality(request.MunicipalityNumber))
        {
            violations.Add(("municipality_number", "must be a municipality number of four digits"));
        }
        var subjectValid = NationalIdentityNumber.TryParse(request.SubjectIdentityNumber, out var subject);
        if (!subjectValid)
        {
            violations.Add(("subject_identity_number", NotAnIdentityNumber));
        }
        var givers = Givers(request.Givers, caller, now, violations);
        var purposes = Purposes(request.Purposes, violations);
        var parties = Parties(request.Parties, violations);
        if ((purposes.Contains(ConsentPurpose.ParticipantAccess) || purposes.Contains(ConsentPurpose.Coordination)) && parties.Count == 0)
        {
            violations.Add(("parties", "must name the services or participants for coordination or participant access"));
        }
        var validFrom = RpcErrors.Time(request.ValidFrom, "valid_from") ?? now;
        var validTo = RpcErrors.Time(request.ValidTo, "valid_to");
        if (validTo is { } end && end <= validFrom)
        {
            violations.Add(("valid_to", "must be after valid_from"));
        }
        violations.LimitText(request.PaperArchiveReference, "paper_archive_reference", ConsentLimits.MaxReference);
        bool? childHeard = request.HasChildHeard ? request.ChildHeard : null;
        if (subjectValid)
        {
            violations.AddRange(ConsentRules.CheckGivers(subject.Value, subject.BirthDate, NorwegianTime.Today(validFrom), givers, childHeard));
        }
        violations.ThrowIfAny();
        return new ConsentDraft(request.MunicipalityNumber, subject, givers, childHeard, purposes, parties, validFrom, validTo,
            request.PaperArchiveReference.Length > 0 ? request.PaperArchiveReference : null, authenticatedAt);
    }

    public static (string Subject, ConsentPurpose Purpose, string? Organisation, string? Person) Check(V1.CheckConsentRequest request)
    {
        var violations = new List<(string, string)>();
        if (!NationalIdentityNumber.TryParse(request.SubjectIdentityNumber, out var subject))
        {
            violations.Add(("subject_identity_number", NotAnIdentityNumber));
        }
        var purpose = ConsentMapping.Purpose(request.Purpose);
        if (purpose is null)
        {
            violations.Add(("purpose", "must be coordination, individual plan, participant access or assessment information"));
        }
        if (request.OrganisationNumber.Length > 0 && !IsOrganisation(request.OrganisationNumber))
        {
            violations.Add(("organisation_number", "must be an organisation number of nine digits"));
        }
        if (request.PersonId.Length > ConsentLimits.MaxPersonId || (request.PersonId.Length > 0 && request.OrganisationNumber.Length == 0))
        {
            violations.Add(("person_id", $"is at most {ConsentLimits.MaxPersonId} characters, and only with an organisation"));
        }
        violations.ThrowIfAny();
        return (subject.Value, purpose!.Value, request.OrganisationNumber.NullIfBlank(), request.PersonId.NullIfBlank());
    }

    public static bool IsMunicipality(string value) => value.Length == 4 && value.All(char.IsAsciiDigit) && value != "0000";

    private static bool IsOrganisation(string value) => value.Length == 9 && value.All(char.IsAsciiDigit);

    private static List<Giver> Givers(Google.Protobuf.Collections.RepeatedField<V1.Giver> requested, Caller caller, DateTimeOffset now, List<(string, string)> violations)
    {
        var givers = new List<Giver>();
        if (requested.Count is 0 or > ConsentLimits.MaxGivers)
        {
            violations.Add(("givers", $"must name one to {ConsentLimits.MaxGivers} givers"));
        }
        for (var i = 0; i < Math.Min(requested.Count, ConsentLimits.MaxGivers); i++)
        {
            var g = requested[i];
            GiverRole? role = g.Role switch
            {
                V1.GiverRole.Subject => GiverRole.Subject,
                V1.GiverRole.Guardian => GiverRole.Guardian,
                V1.GiverRole.Representative => GiverRole.Representative,
                _ => null,
            };
            if (!NationalIdentityNumber.TryParse(g.IdentityNumber, out _))
            {
                violations.Add(($"givers[{i}].identity_number", NotAnIdentityNumber));
            }
            if (role is null)
            {
                violations.Add(($"givers[{i}].role", "must be the subject, a guardian or a representative"));
            }
            violations.LimitText(g.RepresentationBasis, $"givers[{i}].representation_basis", ConsentLimits.MaxName);
            var document = RepresentationDocumentOf(g.RepresentationDocument, $"givers[{i}].representation_document", caller, now, violations);
            if (role is not null)
            {
                givers.Add(new Giver(g.IdentityNumber, role.Value, g.RepresentationBasis.NullIfBlank(), role == GiverRole.Representative ? document : null));
            }
        }
        return givers;
    }

    private static List<ConsentPurpose> Purposes(Google.Protobuf.Collections.RepeatedField<V1.ConsentPurpose> requested, List<(string, string)> violations)
    {
        var purposes = new List<ConsentPurpose>();
        for (var i = 0; i < requested.Count; i++)
        {
            var purpose = ConsentMapping.Purpose(requested[i]);
            if (purpose is null || purposes.Contains(purpose.Value))
            {
                violations.Add(($"purposes[{i}]", purpose is null ? "must be coordination, individual plan, participant access or assessment information" : "is named twice"));
            }
            else
            {
                purposes.Add(purpose.Value);
            }
        }
        if (requested.Count == 0)
        {
            violations.Add(("purposes", "must name at least one purpose"));
        }
        return purposes;
    }

    private static List<PartyDraft> Parties(Google.Protobuf.Collections.RepeatedField<V1.PartyInput> requested, List<(string, string)> violations)
    {
        if (requested.Count > ConsentLimits.MaxParties)
        {
            violations.Add(("parties", $"must name at most {ConsentLimits.MaxParties} parties"));
        }
        var parties = new List<PartyDraft>();
        for (var i = 0; i < Math.Min(requested.Count, ConsentLimits.MaxParties); i++)
        {
            var p = requested[i];
            if (!IsOrganisation(p.OrganisationNumber))
            {
                violations.Add(($"parties[{i}].organisation_number", "must be an organisation number of nine digits"));
            }
            if (p.OrganisationName.Length > ConsentLimits.MaxName || p.PersonName.Length > ConsentLimits.MaxName || p.PersonId.Length > ConsentLimits.MaxPersonId)
            {
                violations.Add(($"parties[{i}]", $"names are at most {ConsentLimits.MaxName} characters and person ids at most {ConsentLimits.MaxPersonId}"));
            }
            parties.Add(new PartyDraft(p.OrganisationNumber, p.OrganisationName.NullIfBlank(), p.PersonId.NullIfBlank(), p.PersonName.NullIfBlank()));
        }
        return parties;
    }

    /// <summary>The document a representative acts under, attested by the caseworker recording it; null when none was given.</summary>
    private static RepresentationDocument? RepresentationDocumentOf(V1.RepresentationDocument? document, string field, Caller caller, DateTimeOffset now, List<(string, string)> violations)
    {
        if (document is null)
        {
            return null;
        }
        RepresentationDocumentKind? kind = document.Kind switch
        {
            V1.RepresentationDocumentKind.PowerOfAttorney => RepresentationDocumentKind.PowerOfAttorney,
            V1.RepresentationDocumentKind.Guardianship => RepresentationDocumentKind.Guardianship,
            _ => null,
        };
        if (kind is null)
        {
            violations.Add(($"{field}.kind", "must be a power of attorney or a guardianship"));
        }
        var before = violations.Count;
        violations.RequireText(document.Reference, $"{field}.reference", ConsentLimits.MaxReference);
        return kind is { } k && violations.Count == before ? new RepresentationDocument(k, document.Reference.Trim(), caller.Actor, now) : null;
    }
}
