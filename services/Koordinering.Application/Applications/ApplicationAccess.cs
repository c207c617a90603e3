using Koordinering.Domain;
using Koordinering.Application.Data;
using Koordinering.Application.Api;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using ApplicantRelation = Koordinering.Domain.ApplicantRelation;

namespace Koordinering.Application.Applications;

/// <summary>
/// Who may submit, read and change an application: the shared model (the person, their guardians, the
/// municipality's caseworkers, system clients by scope), and besides it the citizen who submitted it and an
/// expected child's confirmed parents. Anyone else: NotFound.
/// </summary>
public sealed class ApplicationAccess(ApplicationDbContext db, IPopulationRegister register, SubjectAccess access, AuditTrail audit)
{
    public const string ReadScope = "koordinering:application.read";
    public const string WriteScope = "koordinering:application.write";
    public const string SubmitScope = "koordinering:application.submit";
    private static readonly ServiceScopes Scopes = new(ReadScope, WriteScope);

    public async Task<Domain.Application> LoadAsync(Caller caller, Guid id, Reach needed, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.Applications : db.Applications.AsNoTracking();
        var application = await query.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        audit.Touch(application?.PersonIdentityNumber, $"application:{id}", application?.MunicipalityNumber);
        var reach = application is null ? Reach.None : await ReachAsync(caller, application, cancellationToken);
        if (application is null || reach == Reach.None)
        {
            throw RpcErrors.NotFound("application");
        }
        if (reach < needed)
        {
            throw RpcErrors.PermissionDenied(needed == Reach.Administer
                ? "Only a caseworker of the municipality may do this."
                : "Only the person, their guardian or a caseworker of the municipality may do this.");
        }
        return application;
    }

    /// <summary>A citizen applies for themselves or as a parent; an employee in their own municipality; a system client with the submit scope where it serves.</summary>
    public async Task AuthorizeSubmitAsync(Caller caller, SubmitValidation.Submission submission, CancellationToken cancellationToken)
    {
        var allowed = caller.Kind switch
        {
            CallerKind.Citizen => submission.Relation switch
            {
                ApplicantRelation.Person => submission.Person?.Value == caller.Id,
                ApplicantRelation.ParentOrGuardian => submission.Person is { } child
                    ? await register.IsGuardianAsync(caller.Id, child.Value, cancellationToken)
                    : submission.Parents.Contains(caller.Id),
                _ => false,
            },
            CallerKind.Employee => caller.MunicipalityNumber == submission.MunicipalityNumber,
            CallerKind.System => access.MunicipalitiesServed(caller, SubmitScope).Contains(submission.MunicipalityNumber),
            _ => false,
        };
        if (!allowed)
        {
            throw RpcErrors.PermissionDenied(caller.Kind switch
            {
                CallerKind.Citizen => "A citizen may apply for themselves, or as a parent for their own child or expected child.",
                CallerKind.Employee => "An employee may submit applications only in their own municipality.",
                CallerKind.System => $"A system client needs the scope '{SubmitScope}', for a municipality it serves.",
                _ => "This caller may not submit applications.",
            });
        }
    }

    /// <summary>Only the municipality's caseworkers, or systems with the read scope where they serve, list its cases.</summary>
    public void AuthorizeMunicipalityList(Caller caller, string municipality)
    {
        audit.Touch(null, $"applications:{municipality}", municipality);
        if (!access.CanReadMunicipality(caller, municipality, ReadScope))
        {
            throw RpcErrors.PermissionDenied("Only the municipality's caseworkers, or systems with the read scope, may list its cases.");
        }
    }

    /// <summary>The shared model; who submitted an application, and an expected child's parents, own it too.</summary>
    private ValueTask<Reach> ReachAsync(Caller caller, Domain.Application application, CancellationToken cancellationToken) =>
        access.ReachAsync(caller, application.PersonIdentityNumber, application.MunicipalityNumber, Scopes, cancellationToken,
            alsoOwners: application.SubmittedBy.StartsWith($"{CallerKind.Citizen}:", StringComparison.Ordinal)
                ? [.. application.ConfirmedParentIdentityNumbers, application.SubmittedBy[($"{CallerKind.Citizen}:".Length)..]]
                : application.ConfirmedParentIdentityNumbers);
}
