using Koordinering.ServiceDefaults.Grpc;
using System.Globalization;
using System.Text.RegularExpressions;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using V1 = Koordinering.Application.V1;

namespace Koordinering.Application.Api;

/// <summary>The checks on a submitted application, each naming the field it concerns.</summary>
public static partial class SubmitValidation
{

    public sealed record Submission(
        string MunicipalityNumber,
        NationalIdentityNumber? Person,
        DateOnly? ExpectedBirthDate,
        IReadOnlyList<string> Parents,
        ApplicantRelation Relation,
        string? Organisation,
        IReadOnlyList<RequestedRight> Rights,
        bool AssessAll,
        IReadOnlyList<ServiceNeed> Services,
        ExpectedDuration Duration,
        string? Condition,
        string? PreferredCoordinator,
        bool WantsIndividualPlan,
        WrittenStandard WrittenStandard,
        string? Email,
        string? Mobile);

    public static (Submission? Submission, List<(string Field, string Description)> Violations) Validate(V1.SubmitApplicationRequest request, DateOnly today)
    {
        var violations = new List<(string, string)>();
        void Fail(string field, string description) => violations.Add((field, description));

        if (string.IsNullOrWhiteSpace(request.ClientRequestId))
        {
            Fail("client_request_id", "is required, so a retried submit is recognised");
        }
        else if (request.ClientRequestId.Length > Domain.ApplicationLimits.MaxClientRequestId)
        {
            Fail("client_request_id", $"must be at most {Domain.ApplicationLimits.MaxClientRequestId} characters");
        }

        if (!IsMunicipalityNumber(request.MunicipalityNumber))
        {
            Fail("municipality_number", "must be a municipality number of four digits");
        }

        NationalIdentityNumber? person = null;
        DateOnly? expectedBirth = null;
        var parents = new List<string>();
        var hasPerson = request.PersonIdentityNumber.Length > 0;
        var hasExpected = request.ExpectedChild is not null;
        if (hasPerson == hasExpected)
        {
            Fail("person_identity_number", "give either the person's identity number or an expected child, not both and not neither");
        }
        else if (hasPerson)
        {
            if (NationalIdentityNumber.TryParse(request.PersonIdentityNumber, out var parsed))
            {
                person = parsed;
            }
            else
            {
                Fail("person_identity_number", "must be a valid fødselsnummer or D-number of 11 digits");
            }
        }
        else
        {
            var child = request.ExpectedChild!;
            if (!DateOnly.TryParseExact(child.ExpectedBirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
            {
                Fail("expected_child.expected_birth_date", "must be a date, YYYY-MM-DD");
            }
            else if (due < today.AddMonths(-1) || due > today.AddMonths(10))
            {
                Fail("expected_child.expected_birth_date", "must be within ten months from today");
            }
            else
            {
                expectedBirth = due;
            }
            if (child.ParentIdentityNumbers.Count is < 1 or > 2)
            {
                Fail("expected_child.parent_identity_numbers", "must name one or two parents");
            }
            for (var i = 0; i < child.ParentIdentityNumbers.Count && i < 2; i++)
            {
                if (NationalIdentityNumber.TryParse(child.ParentIdentityNumbers[i], out var parent))
                {
                    parents.Add(parent.Value);
                }
                else
                {
                    Fail($"expected_child.parent_identity_numbers[{i}]", "must be a valid fødselsnummer or D-number of 11 digits");
                }
            }
        }

        var relation = request.Applicant?.Relation switch
        {
            V1.ApplicantRelation.Person => ApplicantRelation.Person,
            V1.ApplicantRelation.ParentOrGuardian => ApplicantRelation.ParentOrGuardian,
            V1.ApplicantRelation.ServiceProvider => ApplicantRelation.ServiceProvider,
            null => ApplicantRelation.Person,
            _ => (ApplicantRelation?)null,
        };
        if (relation is null)
        {
            Fail("applicant.relation", "must be the person, a parent or guardian, or a service provider");
        }
        var organisation = request.Applicant?.Organisation;
        if (relation == ApplicantRelation.ServiceProvider && string.IsNullOrWhiteSpace(organisation))
        {
            Fail("applicant.organisation", "is required when a service provider reports a need");
        }
        else if (organisation?.Length > Domain.ApplicationLimits.MaxName)
        {
            Fail("applicant.organisation", $"must be at most {Domain.ApplicationLimits.MaxName} characters");
        }
        if (hasExpected && relation == ApplicantRelation.Person)
        {
            Fail("applicant.relation", "an expected child is applied for by a parent or a service provider");
        }

        var rights = new List<RequestedRight>();
        for (var i = 0; i < request.RequestedRights.Count; i++)
        {
            RequestedRight? right = request.RequestedRights[i] switch
            {
                V1.RequestedRight.Coordinator => RequestedRight.Coordinator,
                V1.RequestedRight.ChildCoordinator => RequestedRight.ChildCoordinator,
                V1.RequestedRight.IndividualPlan => RequestedRight.IndividualPlan,
                _ => null,
            };
            if (right is null)
            {
                Fail($"requested_rights[{i}]", "must be coordinator, child coordinator or individual plan");
            }
            else if (rights.Contains(right.Value))
            {
                Fail($"requested_rights[{i}]", "is asked for twice");
            }
            else
            {
                rights.Add(right.Value);
            }
        }
        if (request.RequestedRights.Count == 0 && !request.NotSure)
        {
            Fail("requested_rights", "must name at least one right, or not_sure must be set");
        }
        if (request.NotSure)
        {
            rights = [RequestedRight.Coordinator, RequestedRight.ChildCoordinator, RequestedRight.IndividualPlan];
        }

        var services = new List<ServiceNeed>();
        if (request.Services.Count > Domain.ApplicationLimits.MaxServices)
        {
            Fail("services", $"must list at most {Domain.ApplicationLimits.MaxServices} services");
        }
        for (var i = 0; i < Math.Min(request.Services.Count, Domain.ApplicationLimits.MaxServices); i++)
        {
            var s = request.Services[i];
            ServiceKind? kind = s.Kind switch
            {
                V1.ServiceKind.HealthAndCare => ServiceKind.HealthAndCare,
                V1.ServiceKind.Welfare => ServiceKind.Welfare,
                _ => null,
            };
            if (kind is null)
            {
                Fail($"services[{i}].kind", "must be a health and care service or another welfare service");
            }
            if (string.IsNullOrWhiteSpace(s.Category) || s.Category.Length > Domain.ApplicationLimits.MaxCategory)
            {
                Fail($"services[{i}].category", $"is required, at most {Domain.ApplicationLimits.MaxCategory} characters");
            }
            // An applicant often does not know which unit delivers a service: the provider is optional.
            if (s.Provider.Length > Domain.ApplicationLimits.MaxName)
            {
                Fail($"services[{i}].provider", $"must be at most {Domain.ApplicationLimits.MaxName} characters");
            }
            if (kind is not null)
            {
                services.Add(new ServiceNeed(kind.Value, s.Category.Trim(), s.Provider.NullIfBlank()));
            }
        }

        ExpectedDuration? duration = request.ExpectedDuration switch
        {
            V1.ExpectedDuration.ShortTerm => ExpectedDuration.ShortTerm,
            V1.ExpectedDuration.LongTerm => ExpectedDuration.LongTerm,
            V1.ExpectedDuration.Unknown => ExpectedDuration.Unknown,
            _ => null,
        };
        if (duration is null)
        {
            Fail("expected_duration", "must be short term, long term or unknown");
        }

        if (request.ConditionDescription.Length > Domain.ApplicationLimits.MaxCondition)
        {
            Fail("condition_description", $"must be at most {Domain.ApplicationLimits.MaxCondition} characters");
        }

        var wishes = request.Wishes;
        if (wishes?.PreferredCoordinator.Length > Domain.ApplicationLimits.MaxName)
        {
            Fail("wishes.preferred_coordinator", $"must be at most {Domain.ApplicationLimits.MaxName} characters");
        }
        WrittenStandard? standard = wishes?.WrittenStandard switch
        {
            null or Common.V1.WrittenStandard.Unspecified => WrittenStandard.Unspecified,
            Common.V1.WrittenStandard.Nb => WrittenStandard.Nb,
            Common.V1.WrittenStandard.Nn => WrittenStandard.Nn,
            _ => null,
        };
        if (standard is null)
        {
            Fail("wishes.written_standard", "must be bokmål or nynorsk");
        }
        var email = wishes?.Contact?.Email is { Length: > 0 } e ? e.Trim() : null;
        if (email is not null && (email.Length > Domain.ApplicationLimits.MaxEmail || !EmailFormat().IsMatch(email)))
        {
            Fail("wishes.contact.email", "must be an e-mail address");
        }
        var mobile = wishes?.Contact?.Mobile is { Length: > 0 } m ? m.Replace(" ", "", StringComparison.Ordinal) : null;
        if (mobile is not null && !MobileFormat().IsMatch(mobile))
        {
            Fail("wishes.contact.mobile", "must be a phone number of 8 to 15 digits, optionally starting with +");
        }

        return violations.Count > 0
            ? (null, violations)
            : (new Submission(request.MunicipalityNumber, person, expectedBirth, parents, relation!.Value, string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim(),
                rights, request.NotSure, services, duration!.Value, string.IsNullOrWhiteSpace(request.ConditionDescription) ? null : request.ConditionDescription,
                string.IsNullOrWhiteSpace(wishes?.PreferredCoordinator) ? null : wishes.PreferredCoordinator.Trim(), wishes?.WantsIndividualPlan ?? false,
                standard!.Value, email, mobile), violations);
    }

    public static bool IsMunicipalityNumber(string value) => MunicipalityNumberFormat().IsMatch(value) && value != "0000";

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex MunicipalityNumberFormat();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailFormat();

    [GeneratedRegex(@"^\+?[0-9]{8,15}$")]
    private static partial Regex MobileFormat();
}
