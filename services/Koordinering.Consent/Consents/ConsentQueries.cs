using Koordinering.Consent.Data;
using Koordinering.Consent.Domain;
using Koordinering.Domain;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Consent.Consents;

/// <summary>The consent check the services ask on every access it guards, and the reads of consents; every person shown is written to their access log.</summary>
public sealed class ConsentQueries(ConsentDbContext db, TimeProvider time, SubjectAccess access, ConsentAccess consents, AuditTrail audit)
{
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

    /// <summary>
    /// The id of the oldest active consent that covers the purpose (and the party), or null. The services ask
    /// for anyone; the person and their guardians about themselves; a caseworker or a system client with the
    /// check scope only about consents in the municipalities they serve. The answer discloses whether the
    /// person consented: audited like any read.
    /// </summary>
    public async Task<Guid?> CheckAsync(Caller caller, string subject, ConsentPurpose purpose, string? organisation, string? person, CancellationToken cancellationToken)
    {
        audit.Touch(subject, $"consent_check:{purpose}", caller.MunicipalityNumber, purpose: "consent_check");
        string[]? municipalities = null;
        if (caller.Kind != CallerKind.Service && !await access.IsOwnerAsync(caller, subject, cancellationToken))
        {
            municipalities = [.. access.MunicipalitiesServed(caller, ConsentAccess.CheckScope)];
            if (municipalities.Length == 0)
            {
                throw RpcErrors.PermissionDenied($"Consent checks are for the services, the person and their guardians, and a municipality's caseworkers and systems with the scope '{ConsentAccess.CheckScope}'.");
            }
        }
        var found = await CheckQuery(db, subject, purpose, organisation, person, time.GetUtcNow(), municipalities);
        return found == Guid.Empty ? null : found;
    }

    public Task<Domain.Consent> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        consents.LoadAsync(caller, id, forWithdrawal: false, tracked: false, cancellationToken);

    public async Task<List<ConsentHistoryEntry>> HistoryAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var consent = await consents.LoadAsync(caller, id, forWithdrawal: false, tracked: false, cancellationToken);
        return await db.History.AsNoTracking().Where(h => h.ConsentId == consent.Id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
    }

    /// <summary>A person's consents: all of them for the person and their guardians; an institution's, those in the municipalities it serves.</summary>
    public async Task<List<Domain.Consent>> OfSubjectAsync(Caller caller, string subject, bool includeInactive, CancellationToken cancellationToken)
    {
        audit.Touch(subject, "consents:subject", caller.MunicipalityNumber);
        var query = db.Consents.AsNoTracking().Include(c => c.Parties).Where(c => c.SubjectIdentityNumber == subject);
        if (!await access.IsOwnerAsync(caller, subject, cancellationToken))
        {
            var served = access.MunicipalitiesServed(caller, ConsentAccess.ReadScope).ToArray();
            if (served.Length == 0)
            {
                throw RpcErrors.PermissionDenied("A citizen sees their own and their children's consents; a caseworker those of their municipality.");
            }
            query = query.Where(c => served.Contains(c.MunicipalityNumber));
        }
        var now = time.GetUtcNow();
        var all = await query.OrderBy(c => c.GivenAt).ToListAsync(cancellationToken);
        return all.Where(c => includeInactive || c.StatusAt(now) == ConsentStatus.Active).ToList();
    }

    /// <summary>A municipality's consents, or those due for renewal, a page at a time.</summary>
    public async Task<(List<Domain.Consent> Items, string Next)> OfMunicipalityAsync(Caller caller, string municipality, bool renewalsOnly, (DateTimeOffset At, Guid Id)? after, int size, CancellationToken cancellationToken)
    {
        audit.Touch(null, $"consents:{municipality}", municipality);
        if (!access.CanReadMunicipality(caller, municipality, ConsentAccess.ReadScope))
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
        var items = await query.OrderBy(c => c.GivenAt).ThenBy(c => c.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = items.Count > size ? PageToken.Encode(items[size - 1].GivenAt, items[size - 1].Id) : "";
        var page = items.Take(size).ToList();
        audit.Disclosed(page, c => c.SubjectIdentityNumber, c => $"consent:{c.Id}");
        return (page, next);
    }
}
