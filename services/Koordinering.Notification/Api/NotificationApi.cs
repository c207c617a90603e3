using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Domain;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using V1 = Koordinering.Notification.V1;

namespace Koordinering.Notification.Api;

public sealed class NotificationApi(NotificationDbContext db, TimeProvider time, IPopulationRegister register, SubjectAccess access, AuditTrail audit) : V1.NotificationService.NotificationServiceBase
{
    public const string ReadScope = "koordinering:notification.read";

    public override async Task<V1.GetNoticeResponse> GetNotice(V1.GetNoticeRequest request, ServerCallContext context)
    {
        var notice = await LoadAsync(request.NoticeId, context, tracked: false);
        return new V1.GetNoticeResponse { Notice = ToProto(notice, withDeliveries: true) };
    }

    public override async Task<V1.ListNoticesResponse> ListNotices(V1.ListNoticesRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        var caller = context.Caller();
        var given = new[] { request.CaseId.Length > 0, request.PersonIdentityNumber.Length > 0, request.MunicipalityNumber.Length > 0 }.Count(x => x);
        if (given != 1)
        {
            throw RpcErrors.InvalidArgument("case_id", "give exactly one of case_id, person_identity_number and municipality_number");
        }
        audit.Touch(request.PersonIdentityNumber.Length > 0 ? request.PersonIdentityNumber : null,
            request.CaseId.Length > 0 ? $"notices:case:{request.CaseId}" : request.MunicipalityNumber.Length > 0 ? $"notices:{request.MunicipalityNumber}" : "notices:person",
            request.MunicipalityNumber.Length > 0 ? request.MunicipalityNumber : caller.MunicipalityNumber);
        var query = db.Notices.AsNoTracking().AsQueryable();
        if (request.CaseId.Length > 0)
        {
            var caseId = RpcErrors.ParseId(request.CaseId, "case_id");
            query = query.Where(n => n.CaseId == caseId);
        }
        else if (request.PersonIdentityNumber.Length > 0)
        {
            if (!NationalIdentityNumber.TryParse(request.PersonIdentityNumber, out var person))
            {
                throw RpcErrors.InvalidArgument("person_identity_number", "must be a valid fødselsnummer or D-number of 11 digits");
            }
            query = query.Where(n => n.PersonIdentityNumber == person.Value || n.RecipientIdentityNumber == person.Value);
        }
        else
        {
            query = query.Where(n => n.MunicipalityNumber == request.MunicipalityNumber);
        }
        // A citizen sees their own (and their children's); a caseworker those of their municipality.
        switch (caller.Kind)
        {
            case CallerKind.Citizen:
                var children = await register.ChildrenOfAsync(caller.Id, context.CancellationToken);
                query = query.Where(n => n.RecipientIdentityNumber == caller.Id || n.PersonIdentityNumber == caller.Id
                    || (n.PersonIdentityNumber != null && children.Contains(n.PersonIdentityNumber)));
                break;
            case CallerKind.Employee or CallerKind.System when access.MunicipalitiesServed(caller, ReadScope).ToArray() is { Length: > 0 } served:
                query = query.Where(n => served.Contains(n.MunicipalityNumber));
                break;
            default:
                throw RpcErrors.PermissionDenied("Notices are read by the citizen they concern, the municipality's caseworkers and systems with the read scope.");
        }
        if (request.FailedOnly)
        {
            query = query.Where(n => n.Status == NoticeStatus.Failed);
        }
        if (after is { } k)
        {
            query = query.Where(n => n.CreatedAt > k.At || (n.CreatedAt == k.At && n.Id.CompareTo(k.Id) > 0));
        }
        var items = await query.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new V1.ListNoticesResponse { NextPageToken = items.Count > size ? PageToken.Encode(items[size - 1].CreatedAt, items[size - 1].Id) : "" };
        response.Notices.AddRange(items.Take(size).Select(n => ToProto(n, withDeliveries: false)));
        if (request.PersonIdentityNumber.Length == 0)
        {
            audit.Disclosed(items.Take(size), n => n.PersonIdentityNumber, n => $"notice:{n.Id}");
        }
        return response;
    }

    public override async Task<V1.ResendNoticeResponse> ResendNotice(V1.ResendNoticeRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        if (!caller.IsOperator)
        {
            throw RpcErrors.PermissionDenied("Only an operator resends notices.");
        }
        var notice = await LoadAsync(request.NoticeId, context, tracked: true);
        var now = time.GetUtcNow();
        notice.Status = NoticeStatus.Pending;
        notice.ChannelIndex = 0;
        notice.Attempts = 0;
        notice.NextAttemptAt = now;
        notice.Record(null, "resend", $"by {caller.Kind}:{caller.Id}".ToLowerInvariant(), now);
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.ResendNoticeResponse { Notice = ToProto(notice, withDeliveries: true) };
    }

    private async Task<Notice> LoadAsync(string idText, ServerCallContext context, bool tracked)
    {
        var id = RpcErrors.ParseId(idText, "notice_id");
        var query = db.Notices.Include(n => n.Deliveries).AsQueryable();
        var notice = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(n => n.Id == id, context.CancellationToken);
        audit.Touch(notice?.PersonIdentityNumber, $"notice:{id}", notice?.MunicipalityNumber);
        var caller = context.Caller();
        var allowed = notice is not null && (caller.IsOperator
            || await access.ReachAsync(caller, notice.PersonIdentityNumber, notice.MunicipalityNumber, new ServiceScopes(ReadScope), context.CancellationToken,
                alsoOwners: notice.RecipientIdentityNumber is { } recipient ? [recipient] : null) != Reach.None);
        if (notice is null || !allowed)
        {
            throw RpcErrors.NotFound("notice");
        }
        return notice;
    }

    private static V1.Notice ToProto(Notice n, bool withDeliveries)
    {
        var proto = new V1.Notice
        {
            NoticeId = n.Id.ToString(), MunicipalityNumber = n.MunicipalityNumber, Status = (V1.NoticeStatus)n.Status, Kind = n.Kind,
            CreatedAt = Timestamp.FromDateTimeOffset(n.CreatedAt), Channel = n.CurrentChannel is { } c ? (V1.Channel)c : V1.Channel.Unspecified,
            WrittenStandard = (Common.V1.WrittenStandard)n.WrittenStandard, Subject = n.Subject, Body = n.Body, CaseId = n.CaseId?.ToString() ?? "",
        };
        if (withDeliveries)
        {
            proto.Deliveries.AddRange(n.Deliveries.OrderBy(d => d.Id).Select(d => new V1.Delivery
            {
                At = Timestamp.FromDateTimeOffset(d.At), Channel = d.Channel is { } ch ? (V1.Channel)ch : V1.Channel.Unspecified, Outcome = d.Outcome, Detail = d.Detail ?? "",
            }));
        }
        return proto;
    }
}
