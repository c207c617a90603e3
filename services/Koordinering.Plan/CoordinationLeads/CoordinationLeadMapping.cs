using Koordinering.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;
using Koordinering.Plan.Domain;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.CoordinationLeads;

/// <summary>Between the lead-service messages and the domain, with the field checks of each part.</summary>
public static class CoordinationLeadMapping
{
    public static WelfareService? Service(V1.WelfareService? service, string field, List<(string, string)> violations)
    {
        if (service is null)
        {
            violations.Add((field, "is required"));
            return null;
        }
        var before = violations.Count;
        if (service.OrganisationNumber.Length != 9 || !service.OrganisationNumber.All(char.IsAsciiDigit))
        {
            violations.Add(($"{field}.organisation_number", "must be an organisation number of nine digits"));
        }
        if (string.IsNullOrWhiteSpace(service.Name) || service.Name.Length > PlanLimits.MaxName)
        {
            violations.Add(($"{field}.name", $"is required, at most {PlanLimits.MaxName} characters"));
        }
        if (service.Unit.Length > PlanLimits.MaxName)
        {
            violations.Add(($"{field}.unit", $"must be at most {PlanLimits.MaxName} characters"));
        }
        if (string.IsNullOrWhiteSpace(service.Kind) || service.Kind.Length > PlanLimits.MaxKind)
        {
            violations.Add(($"{field}.kind", $"is required (e.g. kindergarten, school, ppt, nav, child_welfare, health_and_care), at most {PlanLimits.MaxKind} characters"));
        }
        return violations.Count > before ? null
            : new WelfareService(service.OrganisationNumber, service.Name.Trim(), service.Unit.NullIfBlank(), service.Kind.Trim().ToLowerInvariant());
    }

    public static LeadContact? Contact(V1.LeadContact? contact, List<(string, string)> violations)
    {
        if (contact is null || string.IsNullOrWhiteSpace(contact.Name) || contact.Name.Length > PlanLimits.MaxName)
        {
            violations.Add(("contact.name", $"is required, at most {PlanLimits.MaxName} characters"));
            return null;
        }
        if (contact.Email.Length > PlanLimits.MaxEmail || contact.Phone.Length > PlanLimits.MaxPhone)
        {
            violations.Add(("contact", $"e-mail is at most {PlanLimits.MaxEmail} characters and phone at most {PlanLimits.MaxPhone}"));
            return null;
        }
        return new LeadContact(contact.Name.Trim(), contact.Email.NullIfBlank(), contact.Phone.NullIfBlank());
    }

    public static List<WelfareService> Services(IList<V1.WelfareService> services, List<(string, string)> violations)
    {
        if (services.Count is 0 or > PlanLimits.MaxLeadServices)
        {
            violations.Add(("participating_services", $"name 1 to {PlanLimits.MaxLeadServices} services that take part besides the lead"));
            return [];
        }
        return services.Select((s, i) => Service(s, $"participating_services[{i}]", violations)).OfType<WelfareService>().ToList();
    }

    public static V1.CoordinationLead ToProto(CoordinationLead d)
    {
        var proto = new V1.CoordinationLead
        {
            CoordinationLeadId = d.Id.ToString(),
            MunicipalityNumber = d.MunicipalityNumber,
            PersonIdentityNumber = d.PersonIdentityNumber,
            Status = d.Status == CoordinationLeadStatus.Active ? V1.CoordinationLeadStatus.Active : V1.CoordinationLeadStatus.Ended,
            Lead = ToProto(d.Lead),
            Contact = new V1.LeadContact { Name = d.Contact.Name, Email = d.Contact.Email ?? "", Phone = d.Contact.Phone ?? "" },
            AssessmentId = d.AssessmentId?.ToString() ?? "",
            WrittenStandard = (Common.V1.WrittenStandard)d.WrittenStandard,
            DesignatedAt = Timestamp.FromDateTimeOffset(d.DesignatedAt),
            EndedAt = d.EndedAt is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
            EndReason = d.EndReason ?? "",
        };
        proto.ParticipatingServices.AddRange(d.ParticipatingServices.Select(ToProto));
        proto.History.AddRange(d.History.Select(h => new V1.CoordinationLeadHistoryEntry { At = Timestamp.FromDateTimeOffset(h.At), Actor = h.Actor, Action = h.Action, Detail = h.Detail ?? "" }));
        return proto;
    }

    private static V1.WelfareService ToProto(WelfareService s) => new() { OrganisationNumber = s.OrganisationNumber, Name = s.Name, Unit = s.Unit ?? "", Kind = s.Kind };
}
