namespace Koordinering.Domain;

/// <summary>Who applies: the person, a parent or guardian, or a service on the person's behalf.</summary>
public enum ApplicantRelation
{
    Person = 1,
    ParentOrGuardian = 2,
    ServiceProvider = 3,
}
