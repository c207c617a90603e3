using V1 = Koordinering.Application.V1;

namespace Koordinering.LoadKit;

/// <summary>The application the load tools submit: a caseworker's, for one person, asking for a coordinator.</summary>
public static class Submissions
{
    public static V1.SubmitApplicationRequest For(string person, string municipality) => new()
    {
        ClientRequestId = Guid.NewGuid().ToString(),
        MunicipalityNumber = municipality,
        PersonIdentityNumber = person,
        Applicant = new V1.Applicant { Relation = V1.ApplicantRelation.Person },
        RequestedRights = { V1.RequestedRight.Coordinator },
        ExpectedDuration = V1.ExpectedDuration.LongTerm,
        Services =
        {
            new V1.ServiceNeed { Kind = V1.ServiceKind.HealthAndCare, Category = "home_nursing" },
            new V1.ServiceNeed { Kind = V1.ServiceKind.HealthAndCare, Category = "physiotherapy" },
        },
    };
}
