namespace Koordinering.Domain;

/// <summary>What a written consent is for (docs/domain.md, samtykke).</summary>
public enum ConsentPurpose
{
    Coordination = 1,
    IndividualPlan = 2,
    ParticipantAccess = 3,
    AssessmentInformation = 4,
}
