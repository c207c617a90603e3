namespace Koordinering.Consent.Domain;

/// <summary>Every size limit of the Consent service, in one place.</summary>
public static class ConsentLimits
{
    public const int MaxGivers = 4;
    public const int MaxParties = 50;
    public const int MaxName = 200;
    public const int MaxPersonId = 64;
    public const int MaxReference = 200;
}
