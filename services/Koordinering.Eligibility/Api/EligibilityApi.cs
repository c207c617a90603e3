using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Eligibility.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using V1 = Koordinering.Eligibility.V1;

namespace Koordinering.Eligibility.Api;

public sealed class EligibilityApi(EligibilityDbContext db) : V1.EligibilityService.EligibilityServiceBase
{
    public const string ReadScope = "koordinering:eligibility.read";

    public override async Task<V1.GetAssessmentResponse> GetAssessment(V1.GetAssessmentRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.AssessmentId, "assessment_id");
        var caller = Caller.From(context.GetHttpContext().User);
        var entity = await db.Assessments.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == id, context.CancellationToken);
        if (entity is null || !caller.CanReadMunicipality(entity.MunicipalityNumber, ReadScope))
        {
            throw RpcErrors.NotFound("assessment");
        }

        return new V1.GetAssessmentResponse
        {
            Assessment = new V1.Assessment
            {
                AssessmentId = entity.Id.ToString(),
                ApplicationId = entity.ApplicationId.ToString(),
                MunicipalityNumber = entity.MunicipalityNumber,
                Status = (V1.AssessmentStatus)entity.Status,
                RuleSetVersion = entity.RuleSetVersion,
                CreatedAt = Timestamp.FromDateTimeOffset(entity.CreatedAt),
            },
        };
    }
}
