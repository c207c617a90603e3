namespace Koordinering.Domain;

/// <summary>Målform: the written standard a citizen reads, bokmål or nynorsk (mållova § 10).</summary>
public enum WrittenStandard
{
    /// <summary>The recipient's choice is not known: use the municipality's.</summary>
    Unspecified = 0,
    Nb = 1,
    Nn = 2,
}
