using Grpc.Core;
using Koordinering.Plan.LeadServices;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

/// <summary>The lead-service (samordningsansvarlig) API: checks and maps the messages, the handler decides.</summary>
public sealed class LeadServiceApi(LeadServiceHandler handler) : V1.LeadServiceDesignationService.LeadServiceDesignationServiceBase
{
    public override async Task<V1.DesignateLeadServiceResponse> DesignateLeadService(V1.DesignateLeadServiceRequest request, ServerCallContext context)
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
            (Contracts.Events.WrittenStandard)request.WrittenStandard, context.CancellationToken);
        return new V1.DesignateLeadServiceResponse { Designation = LeadServiceMapping.ToProto(designation) };
    }

    public override async Task<V1.GetLeadServiceDesignationResponse> GetLeadServiceDesignation(V1.GetLeadServiceDesignationRequest request, ServerCallContext context) =>
        new() { Designation = LeadServiceMapping.ToProto(await handler.GetAsync(context.Caller(), RpcErrors.ParseId(request.DesignationId, "designation_id"), context.CancellationToken)) };

    public override async Task<V1.ListLeadServiceDesignationsResponse> ListLeadServiceDesignations(V1.ListLeadServiceDesignationsRequest request, ServerCallContext context)
    {
        if (!Koordinering.Domain.NationalIdentityNumber.TryParse(request.PersonIdentityNumber, out var person))
        {
            throw RpcErrors.InvalidArgument("person_identity_number", "must be a valid fødselsnummer or D-number of 11 digits");
        }
        var response = new V1.ListLeadServiceDesignationsResponse();
        response.Designations.AddRange((await handler.ListAsync(context.Caller(), person.Value, context.CancellationToken)).Select(LeadServiceMapping.ToProto));
        return response;
    }

    public override async Task<V1.ChangeLeadServiceResponse> ChangeLeadService(V1.ChangeLeadServiceRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.DesignationId, "designation_id");
        var violations = new List<(string, string)>();
        var (lead, contact, services) = Parts(request.Lead, request.Contact, request.ParticipatingServices, violations);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var designation = await handler.ChangeAsync(context.Caller(), id, lead!, contact!, services, context.CancellationToken);
        return new V1.ChangeLeadServiceResponse { Designation = LeadServiceMapping.ToProto(designation) };
    }

    public override async Task<V1.EndLeadServiceDesignationResponse> EndLeadServiceDesignation(V1.EndLeadServiceDesignationRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.DesignationId, "designation_id");
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > LeadServiceMapping.MaxReason)
        {
            throw RpcErrors.InvalidArgument("reason", $"is required, at most {LeadServiceMapping.MaxReason} characters");
        }
        var designation = await handler.EndAsync(context.Caller(), id, request.Reason.Trim(), context.CancellationToken);
        return new V1.EndLeadServiceDesignationResponse { Designation = LeadServiceMapping.ToProto(designation) };
    }

    private static (Domain.WelfareService? Lead, Domain.LeadContact? Contact, List<Domain.WelfareService> Services) Parts(
        V1.WelfareService? lead, V1.LeadContact? contact, IList<V1.WelfareService> services, List<(string, string)> violations) =>
        (LeadServiceMapping.Service(lead, "lead", violations), LeadServiceMapping.Contact(contact, violations), LeadServiceMapping.Services(services, violations));
}
