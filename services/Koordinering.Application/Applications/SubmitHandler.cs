using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Application.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Koordinering.Application.Applications;

/// <summary>
/// Receives an application: at most one open case per person, right and municipality (concurrent submits
/// queue on an advisory lock), the same client request answered with the first application, the event in
/// the same transaction.
/// </summary>
public sealed class SubmitHandler(ApplicationDbContext db, TimeProvider time, ApplicationAccess access, AuditTrail audit)
{
    // The submit's two lookups, compiled once: EF Core's per-call query pipeline was a tenth of the front door's CPU (ADR 9).
    private static readonly Func<ApplicationDbContext, string, string, CancellationToken, Task<Domain.Application?>> Retry =
        EF.CompileAsyncQuery((ApplicationDbContext db, string submittedBy, string clientRequestId, CancellationToken ct) =>
            db.Applications.AsNoTracking().FirstOrDefault(a => a.SubmittedBy == submittedBy && a.ClientRequestId == clientRequestId));

    private static readonly Func<ApplicationDbContext, string, string, List<RequestedRight>, CancellationToken, Task<Guid?>> OpenCase =
        EF.CompileAsyncQuery((ApplicationDbContext db, string municipality, string person, List<RequestedRight> rights, CancellationToken ct) =>
            db.Applications.AsNoTracking()
                .Where(a => a.MunicipalityNumber == municipality && a.PersonIdentityNumber == person
                    && (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InAssessment)
                    && a.RequestedRights.Any(r => rights.Contains(r)))
                .Select(a => (Guid?)a.Id).FirstOrDefault());

    public async Task<Domain.Application> SubmitAsync(Caller caller, SubmitValidation.Submission submission, string clientRequestId, CancellationToken cancellationToken)
    {
        audit.Touch(submission.Person?.Value, "application:new", submission.MunicipalityNumber);
        await access.AuthorizeSubmitAsync(caller, submission, cancellationToken);
        var submittedBy = $"{caller.Kind}:{caller.Id}";
        if (await FindRetryAsync(submittedBy, clientRequestId, cancellationToken) is { } first)
        {
            return first;
        }
        var application = Receive(caller, submission, submittedBy, clientRequestId, time.GetUtcNow());
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await RefuseSecondOpenCaseAsync(application, cancellationToken);
            db.Applications.Add(application);
            db.AddEvent(ApplicationEvents.Submitted(application));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return application;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_applications_client_request" })
        {
            // The same request, submitted twice at once: the other one won.
            db.ChangeTracker.Clear();
            if (await FindRetryAsync(submittedBy, clientRequestId, cancellationToken) is { } winner)
            {
                return winner;
            }
            throw;
        }
    }

    private static Domain.Application Receive(Caller caller, SubmitValidation.Submission submission, string submittedBy, string clientRequestId, DateTimeOffset now) =>
        Domain.Application.Receive(new Domain.Application
        {
            Id = Guid.CreateVersion7(now),
            MunicipalityNumber = submission.MunicipalityNumber,
            ReceivedAt = now,
            PersonIdentityNumber = submission.Person?.Value,
            ExpectedBirthDate = submission.ExpectedBirthDate,
            ParentIdentityNumbers = [.. submission.Parents],
            // A caseworker vouches for the parents they name; a citizen only for themselves.
            ConfirmedParentIdentityNumbers = caller.Kind switch
            {
                CallerKind.Employee => [.. submission.Parents],
                CallerKind.Citizen => [.. submission.Parents.Where(p => p == caller.Id)],
                _ => [],
            },
            ApplicantRelation = submission.Relation,
            ApplicantOrganisation = submission.Organisation,
            RequestedRights = [.. submission.Rights],
            AssessAll = submission.AssessAll,
            Services = [.. submission.Services],
            ExpectedDuration = submission.Duration,
            ConditionDescription = submission.Condition,
            PreferredCoordinator = submission.PreferredCoordinator,
            WantsIndividualPlan = submission.WantsIndividualPlan,
            WrittenStandard = submission.WrittenStandard,
            ContactEmail = submission.Email,
            ContactMobile = submission.Mobile,
            SubmittedBy = submittedBy,
            ClientRequestId = clientRequestId,
            InterimReplyDue = LegalDeadlines.InterimReplyDue(now),
        }, caller.Actor);

    /// <summary>One open case per person, right and municipality: concurrent submits queue here, inside the transaction.</summary>
    private async Task RefuseSecondOpenCaseAsync(Domain.Application application, CancellationToken cancellationToken)
    {
        if (application.PersonIdentityNumber is not { } person)
        {
            return;
        }
        var key = $"{application.MunicipalityNumber}:{person}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        if (await OpenCase(db, application.MunicipalityNumber, person, application.RequestedRights, cancellationToken) is { } openId)
        {
            throw RpcErrors.AlreadyExists($"An open application for this person and right already exists in the municipality: {openId}.");
        }
    }

    private Task<Domain.Application?> FindRetryAsync(string submittedBy, string clientRequestId, CancellationToken cancellationToken) =>
        Retry(db, submittedBy, clientRequestId, cancellationToken);
}
