namespace Koordinering.Plan.Domain;

/// <summary>Every size limit of the Plan service, in one place: the API's field checks and the plan's rules read them here.</summary>
public static class PlanLimits
{
    public const int MaxItems = 100;
    public const int MaxText = 4000;
    public const int MaxShortText = 2000;
    public const int MaxReason = 1000;
    public const int MaxName = 200;
    public const int MaxRole = 100;
    public const int MaxKind = 64;
    public const int MaxEmployeeId = 64;
    public const int MaxEmail = 254;
    public const int MaxPhone = 20;
    public const int MaxLink = 500;
    public const int MaxMinutes = 8000;
    public const int MaxDates = 50;
    public const int MaxPartners = 50;
    public const int MaxLeadServices = 20;

    /// <summary>A message in a plan's conversation, like the plan's other free text.</summary>
    public const int MaxMessage = MaxText;

    /// <summary>A calendar shows at most two years; without an end it shows 90 days.</summary>
    public static readonly TimeSpan MaxCalendarRange = TimeSpan.FromDays(731);
    public static readonly TimeSpan DefaultCalendarRange = TimeSpan.FromDays(90);
}
