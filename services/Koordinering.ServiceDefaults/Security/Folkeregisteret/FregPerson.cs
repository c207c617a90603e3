using System.Text.Json.Serialization;

namespace Koordinering.ServiceDefaults.Security.Folkeregisteret;

/// <summary>The parts of a person in Folkeregisteret that the platform reads: parental responsibility and family relations.</summary>
public sealed record FregPerson(
    [property: JsonPropertyName("foreldreansvar")] IReadOnlyList<FregParentalResponsibility>? ParentalResponsibility,
    [property: JsonPropertyName("familierelasjon")] IReadOnlyList<FregFamilyRelation>? FamilyRelations);

/// <summary>One parental responsibility (foreldreansvar): <c>ansvarlig</c> has it for <c>ansvarssubjekt</c>.</summary>
public sealed record FregParentalResponsibility(
    [property: JsonPropertyName("ansvar")] string? Kind,
    [property: JsonPropertyName("ansvarlig")] string? Responsible,
    [property: JsonPropertyName("ansvarssubjekt")] string? Subject,
    [property: JsonPropertyName("erGjeldende")] bool Current);

/// <summary>One family relation (familierelasjon): <c>relatertPerson</c> in the role <c>relatertPersonsRolle</c>.</summary>
public sealed record FregFamilyRelation(
    [property: JsonPropertyName("relatertPerson")] string? RelatedPerson,
    [property: JsonPropertyName("relatertPersonsRolle")] string? RelatedPersonsRole,
    [property: JsonPropertyName("erGjeldende")] bool Current);

/// <summary>The bulk lookup's answer: one entry per identity number asked for.</summary>
public sealed record FregBulkReply([property: JsonPropertyName("oppslag")] IReadOnlyList<FregLookup>? Lookups);

public sealed record FregLookup(
    [property: JsonPropertyName("foedselsEllerDNummer")] string? IdentityNumber,
    [property: JsonPropertyName("person")] FregPerson? Person);
