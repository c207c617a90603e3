namespace Koordinering.Domain;

/// <summary>
/// Working days in Norway: not a Saturday or Sunday, not a public holiday (helligdagsloven § 2 and
/// the 1 and 17 May of lov om 1. og 17. mai), and, for the end of a deadline, not Christmas Eve or
/// New Year's Eve either (domstolloven § 149, which forvaltningsloven's deadlines follow).
/// </summary>
public static class NorwegianCalendar
{
    public static bool IsPublicHoliday(DateOnly day)
    {
        if ((day.Month, day.Day) is (1, 1) or (5, 1) or (5, 17) or (12, 25) or (12, 26))
        {
            return true;
        }
        var easter = EasterSunday(day.Year);
        var fromEaster = day.DayNumber - easter.DayNumber;
        // Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday.
        return fromEaster is -3 or -2 or 0 or 1 or 39 or 49 or 50;
    }

    /// <summary>A day on which a deadline may end.</summary>
    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !IsPublicHoliday(day)
        && (day.Month, day.Day) is not ((12, 24) or (12, 31));

    /// <summary>The day itself if a deadline may end on it, else the next working day.</summary>
    public static DateOnly OnOrNextWorkingDay(DateOnly day)
    {
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }
        return day;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
