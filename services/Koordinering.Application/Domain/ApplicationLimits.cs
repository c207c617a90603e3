namespace Koordinering.Application.Domain;

/// <summary>Every size limit of the Application service, in one place: the API's field checks read them here.</summary>
public static class ApplicationLimits
{
    public const int MaxText = 1000;
    public const int MaxCondition = 4000;
    public const int MaxName = 200;
    public const int MaxClientRequestId = 64;
    public const int MaxServices = 30;
    public const int MaxCategory = 64;
    public const int MaxEmail = 254;

    /// <summary>A decision is expected within a year of an interim reply.</summary>
    public const int MaxYearsToExpectedDecision = 1;

    /// <summary>The work queue's "nearing" filter: an interim reply due within this many days.</summary>
    public const int NearingDays = 7;
}
