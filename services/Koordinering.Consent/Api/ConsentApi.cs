using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Consent.Data;
using Koordinering.Consent.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.Consent.Api;

public sealed partial class ConsentApi(ConsentDbContext db, TimeProvider time, IPopulationRegister register, SubjectAccess access, AuditTrail audit) : V1.ConsentService.ConsentServiceBase
{
    public const string ReadScope = "koordinering:consent.read";
    public const string CheckScope = "koordinering:consent.check";
    public const int MaxParties = 50;

    /// <summary>The consent check: one indexed query, compiled once; <c>municipalities</c> bounds it for an institution's caller, null for the services.</summary>
    private static readonly Func<ConsentDbContext, string, ConsentPurpose, string?, string?, DateTimeOffset, string[]?, Task<Guid>> CheckQuery =
        EF.CompileAsyncQuery((ConsentDbContext c, string subject, ConsentPurpose purpose, string? organisation, string? person, DateTimeOffset now, string[]? municipalities) =>
            c.Consents
                .Where(x => x.SubjectIdentityNumber == subject && x.Status == ConsentStatus.Active && x.Purposes.Contains(purpose)
                    && (municipalities == null || municipalities.Contains(x.MunicipalityNumber))
                    && x.ValidFrom <= now && (x.ValidTo == null || x.ValidTo > now)
                    && (organisation == null || x.Parties.Any(p => p.WithdrawnAt == null && p.OrganisationNumber == organisation && (p.PersonId == null || p.PersonId == person))))
                .OrderBy(x => x.GivenAt)
                .Select(x => x.Id)
                .FirstOrDefault());

    public override async Task<V1.GiveConsentResponse> GiveConsent(V1.GiveConsentRequest request, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var caller = context.Caller();
        var violations = new List<(string, string)>();
        if (!IsMunicipality(request.MunicipalityNumber))
        {
            violations.Add(("municipality_number", "must be a municipality number of four digits"));
        }
        var subjectValid = NationalIdentityNumber.TryParse(request.SubjectIdentityNumber, out var subject);
        if (!subjectValid)
        {
            violations.Add(("subject_identity_number", "must be a valid fødselsnummer or D-number of 11 digits"));
        }
        var givers = new List<Giver>();
        if (request.Givers.Count is 0 or > 4)
        {
            violations.Add(("givers", "must name one to four givers"));
        }
        for (var i = 0; i < Math.Min(request.Givers.Count, 4); i++)
        {
            var g = request.Givers[i];
            GiverRole? role = g.Role switch
            {
                V1.GiverRole.Subject => GiverRole.Subject,
                V1.GiverRole.Guardian => GiverRole.Guardian,
                V1.GiverRole.Representative => GiverRole.Representative,
                _ => null,
            };
            if (!NationalIdentityNumber.TryParse(g.IdentityNumber, out _))
            {
                violations.Add(($"givers[{i}].identity_number", "must be a valid fødselsnummer or D-number of 11 digits"));
            }
            if (role is null)
            {
                violations.Add(($"givers[{i}].role", "must be the subject, a guardian or a representative"));
            }
            if (g.RepresentationBasis.Length > 200)
            {
                violations.Add(($"givers[{i}].representation_basis", "must be at most 200 characters"));
            }
            var document = RepresentationDocumentOf(g.RepresentationDocument, $"givers[{i}].representation_document", caller, now, violations);
            if (role is not null)
            {
                givers.Add(new Giver(g.IdentityNumber, role.Value, string.IsNullOrWhiteSpace(g.RepresentationBasis) ? null : g.RepresentationBasis.Trim(),
                    role == GiverRole.Representative ? document : null));
            }
        }
        var purposes = new List<ConsentPurpose>();
        for (var i = 0; i < request.Purposes.Count; i++)
        {
            ConsentPurpose? purpose = request.Purposes[i] switch
            {
                V1.ConsentPurpose.Coordination => ConsentPurpose.Coordination,
                V1.ConsentPurpose.IndividualPlan => ConsentPurpose.IndividualPlan,
                V1.ConsentPurpose.ParticipantAccess => ConsentPurpose.ParticipantAccess,
                V1.ConsentPurpose.AssessmentInformation => ConsentPurpose.AssessmentInformation,
                _ => null,
            };
            if (purpose is null || purposes.Contains(purpose.Value))
            {
                violations.Add(($"purposes[{i}]", purpose is null ? "must be coordination, individual plan, participant access or assessment information" : "is named twice"));
            }
            else
            {
                purposes.Add(purpose.Value);
            }
        }
        if (request.Purposes.Count == 0)
        {
            violations.Add(("purposes", "must name at least one purpose"));
        }
        var id = Guid.CreateVersion7(now);
        var parties = new List<ConsentParty>();
        if (request.Parties.Count > MaxParties)
        {
            violations.Add(("parties", $"must name at most {MaxParties} parties"));
        }
        for (var i = 0; i < Math.Min(request.Parties.Count, MaxParties); i++)
        {
            var p = request.Parties[i];
            if (!OrganisationNumberFormat().IsMatch(p.OrganisationNumber))
            {
                violations.Add(($"parties[{i}].organisation_number", "must be an organisation number of nine digits"));
            }
            if (p.OrganisationName.Length > 200 || p.PersonName.Length > 200 || p.PersonId.Length > 64)
            {
                violations.Add(($"parties[{i}]", "names are at most 200 characters and person ids at most 64"));
            }
            parties.Add(new ConsentParty
            {
                Id = Guid.CreateVersion7(now), ConsentId = id, OrganisationNumber = p.OrganisationNumber,
                OrganisationName = p.OrganisationName.NullIfBlank(), PersonId = p.PersonId.NullIfBlank(), PersonName = p.PersonName.NullIfBlank(),
            });
        }
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
        var paper = request.PaperArchiveReference.Length > 0;
        if (request.PaperArchiveReference.Length > 200)
        {
            violations.Add(("paper_archive_reference", "must be at most 200 characters"));
        }
        if (subjectValid)
        {
            violations.AddRange(ConsentRules.CheckGivers(subject.Value, subject.BirthDate, NorwegianTime.Today(validFrom), givers,
                request.HasChildHeard ? request.ChildHeard : null));
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }

        audit.Touch(subject.Value, "consent:new", request.MunicipalityNumber);
        // Digital: the authenticated citizen gives their own consent. Paper: a caseworker of the municipality registers it.
        if (paper)
        {
            if (!SubjectAccess.IsCaseworkerOf(caller, request.MunicipalityNumber))
            {
                throw RpcErrors.PermissionDenied("A paper consent is registered by a caseworker of the municipality.");
            }
        }
        else if (caller.Kind != CallerKind.Citizen || givers.Count != 1 || givers[0].IdentityNumber != caller.Id)
        {
            throw RpcErrors.PermissionDenied("A digital consent is given by the authenticated citizen, as its one giver; a caseworker registers paper consents with paper_archive_reference.");
        }
        else if (givers[0].Role == GiverRole.Representative)
        {
            // A citizen consents for themselves, or for their child as the register's guardian: never as
            // someone's representative on their own word.
            throw RpcErrors.PermissionDenied("A representative's consent (fullmakt, verge) is recorded by a caseworker who has seen the document.");
        }
        foreach (var guardian in givers.Where(g => g.Role == GiverRole.Guardian))
        {
            if (!await register.IsGuardianAsync(guardian.IdentityNumber, subject.Value, context.CancellationToken))
            {
                throw RpcErrors.FailedPrecondition("The population register does not list a giver as the child's parent or guardian.");
            }
        }

        var consent = Domain.Consent.Give(new Domain.Consent
        {
            Id = id,
            MunicipalityNumber = request.MunicipalityNumber,
            SubjectIdentityNumber = subject.Value,
            SubjectTurns16On = ConsentRules.SixteenthBirthday(subject.BirthDate),
            Givers = givers,
            ChildHeard = request.HasChildHeard ? request.ChildHeard : null,
            Purposes = purposes,
            Parties = parties,
            Form = paper ? ConsentForm.Paper : ConsentForm.Digital,
            AuthenticatedAt = paper ? null : AuthenticatedAt(context) ?? now,
            AssuranceLevel = paper ? null : caller.AssuranceLevel,
            ArchiveReference = paper ? request.PaperArchiveReference : null,
            GivenBy = caller.Actor,
            GivenAt = now,
            ValidFrom = validFrom,
            ValidTo = validTo,
        });
        db.Consents.Add(consent);
        db.AddEvent(new EventEnvelope(now, consent.MunicipalityNumber, consent.Id).Stamp(new ConsentGivenV1
        {
            ConsentId = consent.Id, SubjectIdentityNumber = consent.SubjectIdentityNumber, Purposes = consent.Purposes,
            Parties = consent.Parties.Select(Ref).ToList(), ValidFrom = consent.ValidFrom, ValidTo = consent.ValidTo,
            GivenByGuardians = consent.GivenByGuardiansOnly, Digital = !paper, GiverIdentityNumbers = consent.Givers.Select(g => g.IdentityNumber).ToList(),
        }));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.GiveConsentResponse { Consent = ToProto(consent, now) };
    }

    public override async Task<V1.GetConsentResponse> GetConsent(V1.GetConsentRequest request, ServerCallContext context)
    {
        var (consent, _) = await LoadAsync(request.ConsentId, context, forWithdrawal: false, tracked: false);
        return new V1.GetConsentResponse { Consent = ToProto(consent, time.GetUtcNow()) };
    }

    public override async Task<V1.WithdrawConsentResponse> WithdrawConsent(V1.WithdrawConsentRequest request, ServerCallContext context)
    {
        var (consent, caller) = await LoadAsync(request.ConsentId, context, forWithdrawal: true, tracked: true);
        var now = time.GetUtcNow();
        consent.Withdraw(caller.Actor, now);
        db.AddEvent(WithdrawnEvent(consent, now, whole: true, consent.Parties.Where(p => p.WithdrawnAt is null || p.WithdrawnAt == now)));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.WithdrawConsentResponse { Consent = ToProto(consent, now) };
    }

    public override async Task<V1.WithdrawPartyResponse> WithdrawParty(V1.WithdrawPartyRequest request, ServerCallContext context)
    {
        var partyId = RpcErrors.ParseId(request.PartyId, "party_id");
        var (consent, caller) = await LoadAsync(request.ConsentId, context, forWithdrawal: true, tracked: true);
        if (consent.Parties.All(p => p.Id != partyId))
        {
            throw RpcErrors.NotFound("party");
        }
        var now = time.GetUtcNow();
        ConsentParty? party = null;
        party = consent.WithdrawParty(partyId, caller.Actor, now);
        db.AddEvent(WithdrawnEvent(consent, now, whole: false, [party!]));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.WithdrawPartyResponse { Consent = ToProto(consent, now) };
    }

    public override async Task<V1.CheckConsentResponse> CheckConsent(V1.CheckConsentRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        if (!NationalIdentityNumber.TryParse(request.SubjectIdentityNumber, out var subject))
        {
            violations.Add(("subject_identity_number", "must be a valid fødselsnummer or D-number of 11 digits"));
        }
        ConsentPurpose? purpose = request.Purpose switch
        {
            V1.ConsentPurpose.Coordination => ConsentPurpose.Coordination,
            V1.ConsentPurpose.IndividualPlan => ConsentPurpose.IndividualPlan,
            V1.ConsentPurpose.ParticipantAccess => ConsentPurpose.ParticipantAccess,
            V1.ConsentPurpose.AssessmentInformation => ConsentPurpose.AssessmentInformation,
            _ => null,
        };
        if (purpose is null)
        {
            violations.Add(("purpose", "must be coordination, individual plan, participant access or assessment information"));
        }
        if (request.OrganisationNumber.Length > 0 && !OrganisationNumberFormat().IsMatch(request.OrganisationNumber))
        {
            violations.Add(("organisation_number", "must be an organisation number of nine digits"));
        }
        if (request.PersonId.Length > 64 || (request.PersonId.Length > 0 && request.OrganisationNumber.Length == 0))
        {
            violations.Add(("person_id", "is at most 64 characters, and only with an organisation"));
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var caller = context.Caller();
        // The answer discloses whether the person consented to this purpose and party: audited like any read.
        audit.Touch(subject.Value, $"consent_check:{purpose}", caller.MunicipalityNumber, purpose: "consent_check");
        // The services ask for anyone; the person and their guardians about themselves; a caseworker
        // or a system client with the check scope only about consents in the municipalities they serve.
        string[]? municipalities = null;
        if (caller.Kind != CallerKind.Service && !await access.IsOwnerAsync(caller, subject.Value, context.CancellationToken))
        {
            municipalities = [.. access.MunicipalitiesServed(caller, CheckScope)];
            if (municipalities.Length == 0)
            {
                throw RpcErrors.PermissionDenied($"Consent checks are for the services, the person and their guardians, and a municipality's caseworkers and systems with the scope '{CheckScope}'.");
            }
        }

        var found = await CheckQuery(db, subject.Value, purpose!.Value, request.OrganisationNumber.NullIfBlank(), request.PersonId.NullIfBlank(), time.GetUtcNow(), municipalities);
        return found == Guid.Empty
            ? new V1.CheckConsentResponse { Allowed = false, Reason = "No active consent covers this purpose and party." }
            : new V1.CheckConsentResponse { Allowed = true, ConsentId = found.ToString() };
    }

    public override async Task<V1.ListSubjectConsentsResponse> ListSubjectConsents(V1.ListSubjectConsentsRequest request, ServerCallContext context)
    {
        if (!NationalIdentityNumber.TryParse(request.SubjectIdentityNumber, out var subject))
        {
            throw RpcErrors.InvalidArgument("subject_identity_number", "must be a valid fødselsnummer or D-number of 11 digits");
        }
        var caller = context.Caller();
        audit.Touch(subject.Value, "consents:subject", caller.MunicipalityNumber);
        var query = db.Consents.AsNoTracking().Include(c => c.Parties).Where(c => c.SubjectIdentityNumber == subject.Value);
        if (!await access.IsOwnerAsync(caller, subject.Value, context.CancellationToken))
        {
            // An institution sees the person's consents in the municipalities it serves (none: an empty list).
            var served = access.MunicipalitiesServed(caller, ReadScope).ToArray();
            if (served.Length == 0)
            {
                throw RpcErrors.PermissionDenied("A citizen sees their own and their children's consents; a caseworker those of their municipality.");
            }
            query = query.Where(c => served.Contains(c.MunicipalityNumber));
        }
        var now = time.GetUtcNow();
        var consents = await query.OrderBy(c => c.GivenAt).ToListAsync(context.CancellationToken);
        var response = new V1.ListSubjectConsentsResponse();
        response.Consents.AddRange(consents.Where(c => request.IncludeInactive || c.StatusAt(now) == ConsentStatus.Active).Select(c => ToProto(c, now)));
        return response;
    }

    public override async Task<V1.GetConsentHistoryResponse> GetConsentHistory(V1.GetConsentHistoryRequest request, ServerCallContext context)
    {
        var (consent, _) = await LoadAsync(request.ConsentId, context, forWithdrawal: false, tracked: false);
        var entries = await db.History.AsNoTracking().Where(h => h.ConsentId == consent.Id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(context.CancellationToken);
        var response = new V1.GetConsentHistoryResponse();
        response.Entries.AddRange(entries.Select(h => new V1.HistoryEntry { At = Timestamp.FromDateTimeOffset(h.At), Actor = h.Actor, Action = h.Action, Detail = h.Detail ?? "" }));
        return response;
    }

    public override async Task<V1.ListMunicipalityConsentsResponse> ListMunicipalityConsents(V1.ListMunicipalityConsentsRequest request, ServerCallContext context)
    {
        var (items, next) = await PageAsync(request.MunicipalityNumber, request.PageSize, request.PageToken, renewalsOnly: false, context);
        var response = new V1.ListMunicipalityConsentsResponse { NextPageToken = next };
        response.Consents.AddRange(items);
        return response;
    }

    public override async Task<V1.ListRenewalsDueResponse> ListRenewalsDue(V1.ListRenewalsDueRequest request, ServerCallContext context)
    {
        var (items, next) = await PageAsync(request.MunicipalityNumber, request.PageSize, request.PageToken, renewalsOnly: true, context);
        var response = new V1.ListRenewalsDueResponse { NextPageToken = next };
        response.Consents.AddRange(items);
        return response;
    }

    private async Task<(List<V1.Consent> Items, string Next)> PageAsync(string municipality, int pageSize, string pageToken, bool renewalsOnly, ServerCallContext context)
    {
        var size = PageToken.Size(pageSize);
        var after = PageToken.Decode(pageToken);
        if (!IsMunicipality(municipality))
        {
            throw RpcErrors.InvalidArgument("municipality_number", "must be a municipality number of four digits");
        }
        audit.Touch(null, $"consents:{municipality}", municipality);
        if (!access.CanReadMunicipality(context.Caller(), municipality, ReadScope))
        {
            throw RpcErrors.PermissionDenied("Only the municipality's caseworkers, or systems with the read scope, may list its consents.");
        }
        var query = db.Consents.AsNoTracking().Include(c => c.Parties).Where(c => c.MunicipalityNumber == municipality);
        if (renewalsOnly)
        {
            query = query.Where(c => c.Status == ConsentStatus.Active && c.RenewalDueAt != null);
        }
        if (after is { } k)
        {
            query = query.Where(c => c.GivenAt > k.At || (c.GivenAt == k.At && c.Id.CompareTo(k.Id) > 0));
        }
        var items = await query.OrderBy(c => c.GivenAt).ThenBy(c => c.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var now = time.GetUtcNow();
        var next = items.Count > size ? PageToken.Encode(items[size - 1].GivenAt, items[size - 1].Id) : "";
        audit.Disclosed(items.Take(size), c => c.SubjectIdentityNumber, c => $"consent:{c.Id}");
        return (items.Take(size).Select(c => ToProto(c, now)).ToList(), next);
    }

    private async Task<(Domain.Consent Consent, Caller Caller)> LoadAsync(string idText, ServerCallContext context, bool forWithdrawal, bool tracked)
    {
        var id = RpcErrors.ParseId(idText, "consent_id");
        var caller = context.Caller();
        var query = db.Consents.Include(c => c.Parties).AsQueryable();
        var consent = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, context.CancellationToken);
        audit.Touch(consent?.SubjectIdentityNumber, $"consent:{id}", consent?.MunicipalityNumber);
        if (consent is null)
        {
            throw RpcErrors.NotFound("consent");
        }
        var reach = await access.ReachAsync(caller, consent.SubjectIdentityNumber, consent.MunicipalityNumber, new ServiceScopes(ReadScope), context.CancellationToken,
            alsoOwners: consent.Givers.Select(g => g.IdentityNumber));
        if (reach == Reach.None)
        {
            throw RpcErrors.NotFound("consent");
        }
        if (forWithdrawal)
        {
            // Whoever gave it, or the subject, withdraws; a caseworker registers a withdrawal made on paper.
            var mayWithdraw = reach == Reach.Administer || (caller.Kind == CallerKind.Citizen
                && (caller.Id == consent.SubjectIdentityNumber || consent.Givers.Any(g => g.IdentityNumber == caller.Id)));
            if (!mayWithdraw)
            {
                throw RpcErrors.PermissionDenied("A consent is withdrawn by whoever gave it or by the person it concerns.");
            }
        }
        return (consent, caller);
    }

    private static ConsentWithdrawnV1 WithdrawnEvent(Domain.Consent consent, DateTimeOffset now, bool whole, IEnumerable<ConsentParty> parties) =>
        new EventEnvelope(now, consent.MunicipalityNumber, consent.Id).Stamp(new ConsentWithdrawnV1
    {
        ConsentId = consent.Id, SubjectIdentityNumber = consent.SubjectIdentityNumber, Purposes = consent.Purposes,
        WholeConsent = whole, WithdrawnParties = parties.Select(Ref).ToList(), GiverIdentityNumbers = consent.Givers.Select(g => g.IdentityNumber).ToList(),
    });

    private static ConsentPartyRef Ref(ConsentParty p) => new(p.Id, p.OrganisationNumber, p.PersonId);

    private static bool IsMunicipality(string value) => value.Length == 4 && value.All(char.IsAsciiDigit) && value != "0000";

    private static DateTimeOffset? AuthenticatedAt(ServerCallContext context) =>
        long.TryParse(context.GetHttpContext().User.FindFirst("auth_time")?.Value ?? context.GetHttpContext().User.FindFirst("iat")?.Value, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

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
        if (string.IsNullOrWhiteSpace(document.Reference) || document.Reference.Length > 200)
        {
            violations.Add(($"{field}.reference", "is required, at most 200 characters"));
        }
        return kind is { } k && !string.IsNullOrWhiteSpace(document.Reference) && document.Reference.Length <= 200
            ? new RepresentationDocument(k, document.Reference.Trim(), caller.Actor, now)
            : null;
    }

    private static V1.Consent ToProto(Domain.Consent c, DateTimeOffset now)
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

    [GeneratedRegex("^[0-9]{9}$")]
    private static partial Regex OrganisationNumberFormat();
}
