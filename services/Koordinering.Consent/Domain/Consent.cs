namespace Koordinering.Consent.Domain;

public enum ConsentStatus
{
    Active = 1,
    Withdrawn = 2,
    Expired = 3,
}

/// <summary>A written consent (samtykke): who consented to what, for whom, and since when.</summary>
public sealed class Consent
{
    public Guid Id { get; init; }
    public required string MunicipalityNumber { get; init; }
    public ConsentStatus Status { get; set; }
    public DateTimeOffset ValidFrom { get; init; }
    public DateTimeOffset? ValidTo { get; init; }
}
