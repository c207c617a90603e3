using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using V1 = Koordinering.Audit.V1;

namespace Koordinering.ServiceDefaults.Audit;

/// <summary>The common access-log query: a citizen sees who accessed their (or their children's) data; a caseworker sees access by an employee of their municipality.</summary>
public sealed class AccessLogApi(IServiceProvider services, ServiceDatabaseRegistration database, SubjectAccess access, AuditTrail trail, Microsoft.Extensions.Configuration.IConfiguration configuration)
    : V1.AccessLogService.AccessLogServiceBase
{
    public override async Task<V1.ListAccessResponse> ListAccess(V1.ListAccessRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        if ((request.SubjectIdentityNumber.Length > 0) == (request.ActorId.Length > 0))
        {
            throw RpcErrors.InvalidArgument("subject_identity_number", "give exactly one of subject_identity_number and actor_id");
        }
        if (request.SubjectIdentityNumber.Length > 11 || request.ActorId.Length > 160)
        {
            throw RpcErrors.InvalidArgument("subject_identity_number", "is at most 11 characters, and actor_id at most 160");
        }
        var caller = context.Caller();
        var db = (DbContext)services.GetRequiredService(database.ContextType);
        var query = db.Set<AuditRecord>().AsNoTracking();
        if (request.SubjectIdentityNumber.Length > 0)
        {
            var subject = request.SubjectIdentityNumber;
            var mayRead = caller.Kind switch
            {
                CallerKind.Citizen => await access.IsOwnerAsync(caller, subject, context.CancellationToken),
                CallerKind.Employee => caller.Roles.Contains("caseworker"),
                _ => false,
            };
            if (!mayRead)
            {
                throw RpcErrors.PermissionDenied("A citizen sees who accessed their own or their children's data; a caseworker, access within the municipality.");
            }
            // Reading an access log is itself an access to the person's data.
            trail.Touch(subject, "access_log", caller.MunicipalityNumber, purpose: "access_log");
            query = query.Where(r => r.SubjectIdentityNumber == subject);
            if (caller.Kind == CallerKind.Employee)
            {
                query = query.Where(r => r.MunicipalityNumber == caller.MunicipalityNumber);
            }
        }
        else
        {
            if (caller.Kind != CallerKind.Employee || !caller.Roles.Contains("caseworker"))
            {
                throw RpcErrors.PermissionDenied("Access by an employee is for the coordinating unit's caseworkers.");
            }
            trail.Touch(null, $"access_log:actor:{request.ActorId}", caller.MunicipalityNumber, purpose: "access_log");
            query = query.Where(r => r.ActorId == request.ActorId && r.MunicipalityNumber == caller.MunicipalityNumber);
        }
        if (after is { } k)
        {
            var lastId = BitConverter.ToInt64(k.Id.ToByteArray(), 8);
            query = query.Where(r => r.At > k.At || (r.At == k.At && r.Id > lastId));
        }
        var items = await query.OrderBy(r => r.At).ThenBy(r => r.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var service = configuration["Service:Name"] ?? "";
        var response = new V1.ListAccessResponse { NextPageToken = items.Count > size ? PageToken.Encode(items[size - 1].At, IdAsGuid(items[size - 1].Id)) : "" };
        response.Records.AddRange(items.Take(size).Select(r => new V1.AccessRecord
        {
            // A citizen reading their log sees that another citizen acted, and who only if it was a guardian of theirs or themselves;
            // the coordinating unit sees every actor.
            At = Timestamp.FromDateTimeOffset(r.At), ActorKind = r.ActorKind, ActorOrganisation = r.ActorOrganisation ?? "",
            ActorId = caller.Kind == CallerKind.Citizen && r.ActorKind == "citizen" && r.ActorId != caller.Id && !(r.Allowed && r.OnBehalfOf == "guardian") ? "" : r.ActorId ?? "",
            OnBehalfOf = r.OnBehalfOf ?? "", Action = r.Action, Resource = r.Resource, Purpose = r.Purpose, TraceId = r.TraceId ?? "", Allowed = r.Allowed, Service = service,
        }));
        return response;
    }

    private static Guid IdAsGuid(long id)
    {
        var bytes = new byte[16];
        BitConverter.GetBytes(id).CopyTo(bytes, 8);
        return new Guid(bytes);
    }
}
