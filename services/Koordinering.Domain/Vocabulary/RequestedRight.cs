namespace Koordinering.Domain;

/// <summary>A right a person may apply for (docs/domain.md): koordinator, barnekoordinator, individuell plan.</summary>
public enum RequestedRight
{
    Coordinator = 1,
    ChildCoordinator = 2,
    IndividualPlan = 3,
}
