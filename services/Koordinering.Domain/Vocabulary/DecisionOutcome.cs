namespace Koordinering.Domain;

/// <summary>The decision (vedtak) on one right.</summary>
public enum DecisionOutcome
{
    Granted = 1,
    Rejected = 2,
}
