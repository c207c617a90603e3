using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Notification.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using V1 = Koordinering.Notification.V1;

namespace Koordinering.Notification.Api;

public sealed class NotificationApi(NotificationDbContext db) : V1.NotificationService.NotificationServiceBase
{
    public const string ReadScope = "koordinering:notification.read";

    public override async Task<V1.GetNoticeResponse> GetNotice(V1.GetNoticeRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.NoticeId, "notice_id");
        var caller = Caller.From(context.GetHttpContext().User);
        var entity = await db.Notices.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == id, context.CancellationToken);
        if (entity is null || !caller.CanReadMunicipality(entity.MunicipalityNumber, ReadScope))
        {
            throw RpcErrors.NotFound("notice");
        }

        return new V1.GetNoticeResponse
        {
            Notice = new V1.Notice
            {
                NoticeId = entity.Id.ToString(),
                MunicipalityNumber = entity.MunicipalityNumber,
                Status = (V1.NoticeStatus)entity.Status,
                Kind = entity.Kind,
                CreatedAt = Timestamp.FromDateTimeOffset(entity.CreatedAt),
            },
        };
    }
}
