namespace Koordinering.Domain;

/// <summary>Norwegian local time (Europe/Oslo), for dates in letters and the law's days.</summary>
public static class NorwegianTime
{
    public static TimeZoneInfo Zone { get; } = Find("Europe/Oslo");

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    public static TimeZoneInfo Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
