using Koordinering.Domain;
namespace Koordinering.Contracts.Events;

/// <summary>A party a consent names: an organisation, with or without a named person.</summary>
public sealed record ConsentPartyRef(Guid PartyId, string OrganisationNumber, string? PersonId);

/// <summary>A consent was given (or registered from paper).</summary>
[IntegrationEvent("koordinering.consent.given.v1")]
public sealed record ConsentGivenV1 : IntegrationEvent
{
    public required Guid ConsentId { get; init; }
    public required string SubjectIdentityNumber { get; init; }
    public required IReadOnlyList<ConsentPurpose> Purposes { get; init; }
    public required IReadOnlyList<ConsentPartyRef> Parties { get; init; }
    public required DateTimeOffset ValidFrom { get; init; }
    public DateTimeOffset? ValidTo { get; init; }
    public required bool GivenByGuardians { get; init; }
    public required bool Digital { get; init; }

    /// <summary>The citizens who gave it, for their receipts.</summary>
    public IReadOnlyList<string> GiverIdentityNumbers { get; init; } = [];
}

/// <summary>A consent, or one party's access under it, was withdrawn. It takes effect at once.</summary>
[IntegrationEvent("koordinering.consent.withdrawn.v1")]
public sealed record ConsentWithdrawnV1 : IntegrationEvent
{
    public required Guid ConsentId { get; init; }
    public required string SubjectIdentityNumber { get; init; }
    public required IReadOnlyList<ConsentPurpose> Purposes { get; init; }

    /// <summary>True when the whole consent was withdrawn; false when only the parties below lost access.</summary>
    public required bool WholeConsent { get; init; }

    public required IReadOnlyList<ConsentPartyRef> WithdrawnParties { get; init; }
    public IReadOnlyList<string> GiverIdentityNumbers { get; init; } = [];
}

/// <summary>The child turned 16 and only guardians had consented to health purposes: the young person must be asked.</summary>
[IntegrationEvent("koordinering.consent.renewal-due.v1")]
public sealed record ConsentRenewalDueV1 : IntegrationEvent
{
    public required Guid ConsentId { get; init; }
    public required string SubjectIdentityNumber { get; init; }
    public required DateOnly TurnedSixteenOn { get; init; }
}
