namespace Koordinering.Plan.Domain;

/// <summary>A consent withdrawal seen by this service: the party loses access at once.</summary>
public sealed class AccessRevocation
{
    public Guid ConsentId { get; init; }
    public required string OrganisationNumber { get; init; }
    public string? PersonId { get; init; }
    public DateTimeOffset RevokedAt { get; init; }
}
