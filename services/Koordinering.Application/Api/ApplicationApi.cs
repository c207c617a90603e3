using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Application.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using V1 = Koordinering.Application.V1;

namespace Koordinering.Application.Api;

public sealed class ApplicationApi(ApplicationDbContext db) : V1.ApplicationService.ApplicationServiceBase
{
    public const string ReadScope = "koordinering:application.read";

    public override async Task<V1.GetApplicationResponse> GetApplication(V1.GetApplicationRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.ApplicationId, "application_id");
        var caller = Caller.From(context.GetHttpContext().User);
        var application = await db.Applications.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken);
        if (application is null || !caller.CanReadMunicipality(application.MunicipalityNumber, ReadScope))
        {
            throw RpcErrors.NotFound("application");
        }

        return new V1.GetApplicationResponse
        {
            Application = new V1.Application
            {
                ApplicationId = application.Id.ToString(),
                MunicipalityNumber = application.MunicipalityNumber,
                Status = (V1.ApplicationStatus)application.Status,
                ReceivedAt = Timestamp.FromDateTimeOffset(application.ReceivedAt),
            },
        };
    }
}
