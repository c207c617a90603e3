using Koordinering.Consent.Domain;
using Koordinering.Domain;

namespace Koordinering.Consent.Consents;

/// <summary>A party a new consent names, before it has an id.</summary>
public sealed record PartyDraft(string OrganisationNumber, string? OrganisationName, string? PersonId, string? PersonName);

/// <summary>A consent as checked from the request, for the handler to authorize and record.</summary>
public sealed record ConsentDraft(
    string MunicipalityNumber,
    NationalIdentityNumber Subject,
    IReadOnlyList<Giver> Givers,
    bool? ChildHeard,
    IReadOnlyList<ConsentPurpose> Purposes,
    IReadOnlyList<PartyDraft> Parties,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    string? PaperArchiveReference,
    DateTimeOffset? AuthenticatedAt);
