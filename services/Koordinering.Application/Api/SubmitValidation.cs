using System.Text.RegularExpressions;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using V1 = Koordinering.Application.V1;

namespace Koordinering.Application.Api;

/// <summary>The checks on a submitted application, each naming the field it concerns.</summary>
public static partial class SubmitValidation
{
    public const int MaxClientRequestIdLength = 64;

    public sealed record Submission(string MunicipalityNumber, NationalIdentityNumber Person, IReadOnlyList<RequestedRight> Rights, bool AssessAll);

    public static (Submission? Submission, List<(string Field, string Description)> Violations) Validate(V1.SubmitApplicationRequest request)
    {
        var violations = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.ClientRequestId))
        {
            violations.Add(("client_request_id", "is required, so a retried submit is recognised"));
        }
        else if (request.ClientRequestId.Length > MaxClientRequestIdLength)
        {
            violations.Add(("client_request_id", $"must be at most {MaxClientRequestIdLength} characters"));
        }

        if (!MunicipalityNumberFormat().IsMatch(request.MunicipalityNumber) || request.MunicipalityNumber == "0000")
        {
            violations.Add(("municipality_number", "must be a municipality number of four digits"));
        }

        if (!NationalIdentityNumber.TryParse(request.PersonIdentityNumber, out var person))
        {
            violations.Add(("person_identity_number", "must be a valid fødselsnummer or D-number of 11 digits"));
        }

        var rights = new List<RequestedRight>();
        for (var i = 0; i < request.RequestedRights.Count; i++)
        {
            var right = request.RequestedRights[i] switch
            {
                V1.RequestedRight.Coordinator => RequestedRight.Coordinator,
                V1.RequestedRight.ChildCoordinator => RequestedRight.ChildCoordinator,
                V1.RequestedRight.IndividualPlan => RequestedRight.IndividualPlan,
                _ => (RequestedRight?)null,
            };
            if (right is null)
            {
                violations.Add(($"requested_rights[{i}]", "must be coordinator, child coordinator or individual plan"));
            }
            else if (rights.Contains(right.Value))
            {
                violations.Add(($"requested_rights[{i}]", "is asked for twice"));
            }
            else
            {
                rights.Add(right.Value);
            }
        }
        if (request.RequestedRights.Count == 0 && !request.NotSure)
        {
            violations.Add(("requested_rights", "must name at least one right, or not_sure must be set"));
        }

        if (request.NotSure)
        {
            rights = [RequestedRight.Coordinator, RequestedRight.ChildCoordinator, RequestedRight.IndividualPlan];
        }

        return violations.Count > 0
            ? (null, violations)
            : (new Submission(request.MunicipalityNumber, person, rights, request.NotSure), violations);
    }

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex MunicipalityNumberFormat();
}
