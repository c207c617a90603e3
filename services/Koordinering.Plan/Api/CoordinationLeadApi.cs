using Grpc.Core;
using Koordinering.Plan.Domain;
using Koordinering.Plan.CoordinationLeads;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

/// <summary>The lead-service (samordningsansvarlig) API: checks and maps the messages, the handler decides.</summary>
public sealed class CoordinationLeadApi(CoordinationLeadHandler handler) : V1.CoordinationLeadService.CoordinationLeadServiceBase
{
    public override async Task<V1.DesignateCoordinationLeadResponse> DesignateCoordinationLead(V1.DesignateCoordinationLeadRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        if (request.MunicipalityNumber.Length != 4 || !request.MunicipalityNumber.All(char.IsAsciiDigit))
        {
            violations.Add(("municipality_number", "must be a municipality number of four digits"));
        }
        if (!Koordinering.Domain.NationalIdentityNumber.TryParse(request.PersonIdentityNumber, out var person))
        {
            violations.Add(("person_identity_number", "must be a valid fødselsnummer or D-number of 11 digits"));
        }
        Guid? assessment = request.AssessmentId.Length == 0 ? null : RpcErrors.ParseId(request.AssessmentId, "assessment_id");
        var (lead, contact, services) = Parts(request.Lead, request.Contact, request.ParticipatingServices, violations);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var designation = await handler.DesignateAsync(context.Caller(), request.MunicipalityNumber, person.Value, lead!, contact!, services, assessment,
            (Koordinering.Domain.WrittenStandard)request.WrittenStandard, context.CancellationToken);
        return new V1.DesignateCoordinationLeadResponse { CoordinationLead = CoordinationLeadMapping.ToProto(designation) };
    }

    public override async Task<V1.GetCoordinationLeadResponse> GetCoordinationLead(V1.GetCoordinationLeadRequest request, ServerCallContext context) =>
        new() { CoordinationLead = CoordinationLeadMapping.ToProto(await handler.GetAsync(context.Caller(), RpcErrors.ParseId(request.CoordinationLeadId, "coordination_lead_id"), context.CancellationToken)) };

    public override async Task<V1.ListCoordinationLeadsResponse> ListCoordinationLeads(V1.ListCoordinationLeadsRequest request, ServerCallContext context)
    {
        if (!Koordinering.Domain.NationalIdentityNumber.TryParse(request.PersonIdentityNumber, out var person))
        {
            throw RpcErrors.InvalidArgument("person_identity_number", "must be a valid fødselsnummer or D-number of 11 digits");
        }
        var response = new V1.ListCoordinationLeadsResponse();
        response.CoordinationLeads.AddRange((await handler.ListAsync(context.Caller(), person.Value, context.CancellationToken)).Select(CoordinationLeadMapping.ToProto));
        return response;
    }

    public override async Task<V1.ChangeCoordinationLeadResponse> ChangeCoordinationLead(V1.ChangeCoordinationLeadRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationLeadId, "coordination_lead_id");
        var violations = new List<(string, string)>();
        var (lead, contact, services) = Parts(request.Lead, request.Contact, request.ParticipatingServices, violations);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var designation = await handler.ChangeAsync(context.Caller(), id, lead!, contact!, services, context.CancellationToken);
        return new V1.ChangeCoordinationLeadResponse { CoordinationLead = CoordinationLeadMapping.ToProto(designation) };
    }

    public override async Task<V1.EndCoordinationLeadResponse> EndCoordinationLead(V1.EndCoordinationLeadRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.CoordinationLeadId, "coordination_lead_id");
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > PlanLimits.MaxReason)
        {
            throw RpcErrors.InvalidArgument("reason", $"is required, at most {PlanLimits.MaxReason} characters");
        }
        var designation = await handler.EndAsync(context.Caller(), id, request.Reason.Trim(), context.CancellationToken);
        return new V1.EndCoordinationLeadResponse { CoordinationLead = CoordinationLeadMapping.ToProto(designation) };
    }

    private static (Domain.WelfareService? Lead, Domain.LeadContact? Contact, List<Domain.WelfareService> Services) Parts(
        V1.WelfareService? lead, V1.LeadContact? contact, IList<V1.WelfareService> services, List<(string, string)> violations) =>
        (CoordinationLeadMapping.Service(lead, "lead", violations), CoordinationLeadMapping.Contact(contact, violations), CoordinationLeadMapping.Services(services, violations));
}
