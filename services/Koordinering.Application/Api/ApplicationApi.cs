using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Application.Data;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using V1 = Koordinering.Application.V1;

namespace Koordinering.Application.Api;

public sealed class ApplicationApi(ApplicationDbContext db, TimeProvider time) : V1.ApplicationService.ApplicationServiceBase
{
    public const string ReadScope = "koordinering:application.read";
    public const string SubmitScope = "koordinering:application.submit";

    public override async Task<V1.SubmitApplicationResponse> SubmitApplication(V1.SubmitApplicationRequest request, ServerCallContext context)
    {
        var (submission, violations) = SubmitValidation.Validate(request);
        if (submission is null)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var caller = Caller.From(context.GetHttpContext().User);
        AuthorizeSubmit(caller, submission);

        var submittedBy = $"{caller.Kind}:{caller.Id}";
        if (await FindRetryAsync(submittedBy, request.ClientRequestId, context.CancellationToken) is { } first)
        {
            return new V1.SubmitApplicationResponse { Application = ToProto(first) };
        }

        var now = time.GetUtcNow();
        var application = new Domain.Application
        {
            Id = Guid.CreateVersion7(now),
            MunicipalityNumber = submission.MunicipalityNumber,
            Status = Domain.ApplicationStatus.Received,
            ReceivedAt = now,
            PersonIdentityNumber = submission.Person.Value,
            RequestedRights = [.. submission.Rights],
            AssessAll = submission.AssessAll,
            SubmittedBy = submittedBy,
            ClientRequestId = request.ClientRequestId,
        };
        db.Applications.Add(application);
        db.AddEvent(new ApplicationSubmittedV1
        {
            EventId = Guid.CreateVersion7(now),
            OccurredAt = now,
            MunicipalityNumber = application.MunicipalityNumber,
            AggregateId = application.Id,
            ApplicationId = application.Id,
            PersonIdentityNumber = application.PersonIdentityNumber,
            RequestedRights = application.RequestedRights,
            AssessAll = application.AssessAll,
            ReceivedAt = application.ReceivedAt,
        });
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_applications_client_request" })
        {
            // The same request, submitted twice at once: the other one won.
            db.ChangeTracker.Clear();
            first = await FindRetryAsync(submittedBy, request.ClientRequestId, context.CancellationToken);
            if (first is null)
            {
                throw;
            }
            return new V1.SubmitApplicationResponse { Application = ToProto(first) };
        }
        return new V1.SubmitApplicationResponse { Application = ToProto(application) };
    }

    public override async Task<V1.GetApplicationResponse> GetApplication(V1.GetApplicationRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.ApplicationId, "application_id");
        var caller = Caller.From(context.GetHttpContext().User);
        var application = await db.Applications.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken);
        if (application is null || !CanRead(caller, application))
        {
            throw RpcErrors.NotFound("application");
        }
        return new V1.GetApplicationResponse { Application = ToProto(application) };
    }

    private static bool CanRead(Caller caller, Domain.Application application) =>
        caller.CanReadMunicipality(application.MunicipalityNumber, ReadScope)
        || (caller.Kind == CallerKind.Citizen && caller.Id == application.PersonIdentityNumber);

    private static void AuthorizeSubmit(Caller caller, SubmitValidation.Submission submission)
    {
        var allowed = caller.Kind switch
        {
            // Applying for a child as guardian needs the population register (the security work).
            CallerKind.Citizen => caller.Id == submission.Person.Value,
            CallerKind.Employee => caller.MunicipalityNumber == submission.MunicipalityNumber,
            CallerKind.System => caller.Scopes.Contains(SubmitScope),
            _ => false,
        };
        if (!allowed)
        {
            throw RpcErrors.PermissionDenied(caller.Kind switch
            {
                CallerKind.Citizen => "A citizen may submit an application for themselves.",
                CallerKind.Employee => "An employee may submit applications only in their own municipality.",
                CallerKind.System => $"A system client needs the scope '{SubmitScope}'.",
                _ => "This caller may not submit applications.",
            });
        }
    }

    private Task<Domain.Application?> FindRetryAsync(string submittedBy, string clientRequestId, CancellationToken cancellationToken) =>
        db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.SubmittedBy == submittedBy && a.ClientRequestId == clientRequestId, cancellationToken);

    private static V1.Application ToProto(Domain.Application application)
    {
        var proto = new V1.Application
        {
            ApplicationId = application.Id.ToString(),
            MunicipalityNumber = application.MunicipalityNumber,
            Status = (V1.ApplicationStatus)application.Status,
            ReceivedAt = Timestamp.FromDateTimeOffset(application.ReceivedAt),
            AssessAll = application.AssessAll,
        };
        proto.RequestedRights.AddRange(application.RequestedRights.Select(r => (V1.RequestedRight)r));
        return proto;
    }
}
