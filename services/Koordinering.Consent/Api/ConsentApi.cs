using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Consent.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.Consent.Api;

public sealed class ConsentApi(ConsentDbContext db) : V1.ConsentService.ConsentServiceBase
{
    public const string ReadScope = "koordinering:consent.read";

    public override async Task<V1.GetConsentResponse> GetConsent(V1.GetConsentRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.ConsentId, "consent_id");
        var caller = Caller.From(context.GetHttpContext().User);
        var entity = await db.Consents.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == id, context.CancellationToken);
        if (entity is null || !caller.CanReadMunicipality(entity.MunicipalityNumber, ReadScope))
        {
            throw RpcErrors.NotFound("consent");
        }

        return new V1.GetConsentResponse
        {
            Consent = new V1.Consent
            {
                ConsentId = entity.Id.ToString(),
                MunicipalityNumber = entity.MunicipalityNumber,
                Status = (V1.ConsentStatus)entity.Status,
                ValidFrom = Timestamp.FromDateTimeOffset(entity.ValidFrom),
                ValidTo = entity.ValidTo is { } to ? Timestamp.FromDateTimeOffset(to) : null,
            },
        };
    }
}
