namespace Koordinering.ServiceDefaults.Security.Folkeregisteret;

/// <summary>
/// What the platform takes from a person in Folkeregisteret: a guardian is one who has parental responsibility
/// (foreldreansvar) now; a family relation alone (a parent without it) is not. Plain C#.
/// </summary>
public static class FolkeregisteretMapping
{
    /// <summary>Those with current parental responsibility for <paramref name="child"/>.</summary>
    public static IReadOnlyList<string> Guardians(string child, FregPerson? person) =>
        (person?.ParentalResponsibility ?? [])
            .Where(r => r.Current && !string.IsNullOrWhiteSpace(r.Responsible) && (r.Subject is null || r.Subject == child))
            .Select(r => r.Responsible!)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The children a person has a current family relation to; whether they are the guardian is the child's own record.</summary>
    public static IReadOnlyList<string> Children(FregPerson? person) =>
        (person?.FamilyRelations ?? [])
            .Where(r => r.Current && r.RelatedPersonsRole == "barn" && !string.IsNullOrWhiteSpace(r.RelatedPerson))
            .Select(r => r.RelatedPerson!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
