namespace Koordinering.Domain;

/// <summary>Norwegian local time (Europe/Oslo), for dates in letters and the law's days.</summary>
public static class NorwegianTime
{
    public static TimeZoneInfo Zone { get; } = Find("Europe/Oslo");

    /// <summary>The Norwegian calendar day an instant falls on (not the UTC day: 00:30 in Oslo is still yesterday in UTC).</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>
    /// The instant a Norwegian wall-clock time names. A time the spring change skips (02:00–03:00
    /// on the last Sunday of March) is moved on by the gap; a time the autumn change repeats is
    /// taken at its first occurrence (summer time).
    /// </summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var gap = Zone.GetUtcOffset(local.AddHours(3)) - Zone.GetUtcOffset(local.AddHours(-3));
            local += gap;
        }
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The last second of a Norwegian calendar day: a deadline that ends on that day.</summary>
    public static DateTimeOffset EndOf(DateOnly date) => At(date, new TimeOnly(23, 59, 59));

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
