using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Plan.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

public sealed class PlanApi(PlanDbContext db) : V1.PlanService.PlanServiceBase
{
    public const string ReadScope = "koordinering:plan.read";

    public override async Task<V1.GetCoordinationResponse> GetCoordination(V1.GetCoordinationRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationId, "coordination_id");
        var caller = Caller.From(context.GetHttpContext().User);
        var entity = await db.Coordinations.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == id, context.CancellationToken);
        if (entity is null || !caller.CanReadMunicipality(entity.MunicipalityNumber, ReadScope))
        {
            throw RpcErrors.NotFound("coordination");
        }

        return new V1.GetCoordinationResponse
        {
            Coordination = new V1.Coordination
            {
                CoordinationId = entity.Id.ToString(),
                MunicipalityNumber = entity.MunicipalityNumber,
                Status = (V1.CoordinationStatus)entity.Status,
                OpenedAt = Timestamp.FromDateTimeOffset(entity.OpenedAt),
            },
        };
    }
}
