using Koordinering.ServiceDefaults.Security.Folkeregisteret;

namespace Koordinering.UnitTests;

public sealed class FolkeregisteretMappingTests
{
    private const string Child = "15051512345";
    private const string Mother = "04048412345";
    private const string Father = "03038312345";

    private static FregPerson Person(params FregParentalResponsibility[] responsibilities) => new(responsibilities, []);

    [Fact]
    public void A_current_parental_responsibility_makes_a_guardian() =>
        Assert.Equal([Mother], FolkeregisteretMapping.Guardians(Child, Person(new FregParentalResponsibility("felles", Mother, Child, true))));

    [Fact]
    public void A_responsibility_that_is_no_longer_current_does_not() =>
        Assert.Empty(FolkeregisteretMapping.Guardians(Child, Person(new FregParentalResponsibility("far", Father, Child, false))));

    [Fact]
    public void A_responsibility_for_another_subject_does_not() =>
        Assert.Empty(FolkeregisteretMapping.Guardians(Child, Person(new FregParentalResponsibility("felles", Mother, "01010112345", true))));

    [Fact]
    public void Two_guardians_with_joint_responsibility_are_both_guardians_once() =>
        Assert.Equal([Mother, Father], FolkeregisteretMapping.Guardians(Child, Person(new FregParentalResponsibility("felles", Mother, Child, true), new FregParentalResponsibility("felles", Father, Child, true), new FregParentalResponsibility("felles", Mother, Child, true))));

    [Fact]
    public void A_person_not_found_has_no_guardians() =>
        Assert.Empty(FolkeregisteretMapping.Guardians(Child, null));

    [Fact]
    public void Children_are_the_current_relations_in_the_role_of_child()
    {
        var parent = new FregPerson([], [new(Child, "barn", true), new(Mother, "mor", true), new("01010112345", "barn", false)]);
        Assert.Equal([Child], FolkeregisteretMapping.Children(parent));
    }
}
