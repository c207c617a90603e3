namespace Koordinering.Plan.Plans;

/// <summary>What a caller may do with one person's coordination and plan (docs/domain.md), least first.</summary>
public enum PlanRole
{
    None = 0,
    Participant = 1,
    Owner = 2,
    Caseworker = 3,
    Coordinator = 4,
}
