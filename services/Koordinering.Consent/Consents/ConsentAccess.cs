using Koordinering.Consent.Data;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Consent.Consents;

/// <summary>
/// Who may see and withdraw a consent: the shared model (the person, their guardians, the municipality's
/// caseworkers, system clients by scope) and the consent's givers; whoever gave it or the person it
/// concerns withdraws, and a caseworker registers a withdrawal made on paper. Anyone else: NotFound.
/// </summary>
public sealed class ConsentAccess(ConsentDbContext db, SubjectAccess access, AuditTrail audit)
{
    public const string ReadScope = "koordinering:consent.read";
    public const string CheckScope = "koordinering:consent.check";

    public async Task<Domain.Consent> LoadAsync(Caller caller, Guid id, bool forWithdrawal, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Consents.Include(c => c.Parties).AsQueryable();
        var consent = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        audit.Touch(consent?.SubjectIdentityNumber, $"consent:{id}", consent?.MunicipalityNumber);
        if (consent is null)
        {
            throw RpcErrors.NotFound("consent");
        }
        var reach = await access.ReachAsync(caller, consent.SubjectIdentityNumber, consent.MunicipalityNumber, new ServiceScopes(ReadScope), cancellationToken,
            alsoOwners: consent.Givers.Select(g => g.IdentityNumber));
        if (reach == Reach.None)
        {
            throw RpcErrors.NotFound("consent");
        }
        if (forWithdrawal && !MayWithdraw(caller, consent, reach))
        {
            throw RpcErrors.PermissionDenied("A consent is withdrawn by whoever gave it or by the person it concerns.");
        }
        return consent;
    }

    private static bool MayWithdraw(Caller caller, Domain.Consent consent, Reach reach) =>
        reach == Reach.Administer || (caller.Kind == CallerKind.Citizen
            && (caller.Id == consent.SubjectIdentityNumber || consent.Givers.Any(g => g.IdentityNumber == caller.Id)));
}
