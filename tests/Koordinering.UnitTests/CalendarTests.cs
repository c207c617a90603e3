using Koordinering.Application.Domain;
using Koordinering.Domain;
using Koordinering.Notification.Domain;

namespace Koordinering.UnitTests;

/// <summary>
/// The days and nights that break date code: the two daylight-saving changes in Europe/Oslo
/// (2027-03-28 and 2026-10-25), month ends, 29 February, New Year's Eve, birthdays, and deadlines
/// that end on a weekend or a public holiday. Every instant is written out; nothing reads the clock.
/// </summary>
public sealed class CalendarTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly TimeSpan Cest = TimeSpan.FromHours(2);

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void Easter_Sunday_is_computed_for_any_year(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), NorwegianCalendar.EasterSunday(year));

    [Theory]
    [InlineData("2027-03-25", false)] // Maundy Thursday
    [InlineData("2027-03-26", false)] // Good Friday
    [InlineData("2027-03-29", false)] // Easter Monday
    [InlineData("2027-05-06", false)] // Ascension Day
    [InlineData("2027-05-17", false)] // Constitution Day
    [InlineData("2026-05-25", false)] // Whit Monday
    [InlineData("2026-12-24", false)] // Christmas Eve: no deadline ends on it
    [InlineData("2026-12-31", false)] // New Year's Eve
    [InlineData("2027-01-01", false)]
    [InlineData("2026-11-21", false)] // a Saturday
    [InlineData("2026-11-22", false)] // a Sunday
    [InlineData("2026-11-24", true)]
    [InlineData("2027-03-30", true)]
    [InlineData("2026-12-23", true)]
    public void A_working_day_is_neither_a_weekend_nor_a_holiday(string day, bool working) =>
        Assert.Equal(working, NorwegianCalendar.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Today_is_the_Norwegian_day_not_the_UTC_day() =>
        Assert.Equal(new DateOnly(2026, 11, 25), NorwegianTime.Today(Utc(2026, 11, 24, 23, 30)));

    [Fact]
    public void The_interim_reply_from_31_January_is_due_on_the_last_day_of_February() =>
        Assert.Equal(new DateTimeOffset(2027, 2, 28, 14, 0, 0, Cet), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2027, 1, 31, 14, 0, 0, Cet)));

    [Fact]
    public void The_interim_reply_from_31_January_in_a_leap_year_is_due_on_29_February() =>
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 14, 0, 0, Cet), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2028, 1, 31, 14, 0, 0, Cet)));

    [Fact]
    public void The_interim_reply_from_29_February_is_due_on_29_March() =>
        Assert.Equal(new DateTimeOffset(2028, 3, 29, 9, 0, 0, Cest), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2028, 2, 29, 9, 0, 0, Cet)));

    [Fact]
    public void The_interim_reply_across_the_spring_change_keeps_the_Norwegian_hour() =>
        Assert.Equal(new DateTimeOffset(2027, 4, 10, 12, 0, 0, Cest), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2027, 3, 10, 12, 0, 0, Cet)));

    [Fact]
    public void The_interim_reply_across_the_autumn_change_keeps_the_Norwegian_hour() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 12, 0, 0, Cet), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2026, 10, 10, 12, 0, 0, Cest)));

    [Fact]
    public void An_application_received_just_after_midnight_in_Oslo_counts_from_the_Norwegian_day()
    {
        // 23:30 UTC on 28 February is 00:30 on 1 March in Oslo: due 1 April, not 28 March.
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 0, 30, 0, Cest), LegalDeadlines.InterimReplyDue(Utc(2027, 2, 28, 23, 30)));
    }

    [Fact]
    public void An_interim_reply_due_in_the_hour_the_spring_change_skips_is_due_an_hour_later() =>
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 3, 30, 0, Cest), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2027, 2, 28, 2, 30, 0, Cet)));

    [Fact]
    public void An_interim_reply_due_in_the_hour_the_autumn_change_repeats_is_due_the_first_time() =>
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, Cest), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2026, 9, 25, 2, 30, 0, Cest)));

    [Fact]
    public void An_interim_reply_from_New_Years_Eve_is_due_on_31_January() =>
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 23, 0, 0, Cet), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2026, 12, 31, 23, 0, 0, Cet)));

    [Fact]
    public void An_appeal_deadline_on_a_working_day_runs_to_the_end_of_that_day() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 22, 23, 59, 59, Cet), LegalDeadlines.AppealDeadline(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Cet)));

    [Fact]
    public void An_appeal_deadline_that_ends_on_a_Saturday_moves_to_Monday() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 23, 59, 59, Cet), LegalDeadlines.AppealDeadline(new DateTimeOffset(2026, 10, 24, 10, 0, 0, Cest)));

    [Fact]
    public void An_appeal_deadline_that_ends_on_Christmas_Eve_moves_past_Christmas() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 23, 59, 59, Cet), LegalDeadlines.AppealDeadline(new DateTimeOffset(2026, 11, 26, 10, 0, 0, Cet)));

    [Fact]
    public void An_appeal_deadline_that_ends_on_New_Years_Eve_moves_to_the_first_working_day_of_January() =>
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 23, 59, 59, Cet), LegalDeadlines.AppealDeadline(new DateTimeOffset(2026, 12, 3, 10, 0, 0, Cet)));

    [Fact]
    public void An_appeal_deadline_that_ends_at_Easter_on_the_spring_change_moves_past_Easter_Monday() =>
        Assert.Equal(new DateTimeOffset(2027, 3, 30, 23, 59, 59, Cest), LegalDeadlines.AppealDeadline(new DateTimeOffset(2027, 2, 27, 10, 0, 0, Cet)));

    [Fact]
    public void An_appeal_deadline_counts_from_the_Norwegian_day_the_decision_was_sent() =>
        // 23:30 UTC on 23 November is 00:30 on 24 November in Oslo.
        Assert.Equal(new DateTimeOffset(2026, 12, 22, 23, 59, 59, Cet), LegalDeadlines.AppealDeadline(Utc(2026, 11, 23, 23, 30)));

    [Fact]
    public void An_appeal_deadline_across_the_autumn_change_ends_at_midnight_winter_time() =>
        Assert.Equal(new DateTimeOffset(2026, 10, 29, 23, 59, 59, Cet), LegalDeadlines.AppealDeadline(new DateTimeOffset(2026, 10, 1, 10, 0, 0, Cest)));

    [Theory]
    [InlineData("2008-11-24", "2026-11-24", 18)]
    [InlineData("2008-11-24", "2026-11-23", 17)]
    [InlineData("2010-11-24", "2026-11-24", 16)]
    [InlineData("2010-11-24", "2026-11-23", 15)]
    [InlineData("2008-02-29", "2026-02-28", 17)]
    [InlineData("2008-02-29", "2026-03-01", 18)]
    [InlineData("2008-02-29", "2024-02-29", 16)]
    [InlineData("2010-12-31", "2026-12-31", 16)]
    [InlineData("2010-12-31", "2027-01-01", 16)]
    public void An_age_counts_whole_years_and_the_birthday_itself(string born, string on, int age) =>
        Assert.Equal(age, Ages.On(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-11-24T20:59:00+01:00", "2026-11-24T20:59:00+01:00")] // before the quiet hours: at once
    [InlineData("2026-11-24T21:00:00+01:00", "2026-11-25T08:00:00+01:00")]
    [InlineData("2026-11-24T23:30:00+01:00", "2026-11-25T08:00:00+01:00")]
    [InlineData("2026-11-25T07:59:00+01:00", "2026-11-25T08:00:00+01:00")]
    [InlineData("2026-11-25T08:00:00+01:00", "2026-11-25T08:00:00+01:00")]
    [InlineData("2027-03-27T23:30:00+01:00", "2027-03-28T08:00:00+02:00")] // the night the clocks go forward
    [InlineData("2026-10-24T23:30:00+02:00", "2026-10-25T08:00:00+01:00")] // the night the clocks go back
    [InlineData("2026-12-31T23:30:00+01:00", "2027-01-01T08:00:00+01:00")] // New Year's Eve
    public void An_SMS_at_night_waits_for_eight_in_the_morning_in_Oslo(string at, string goes) =>
        Assert.Equal(DateTimeOffset.Parse(goes, System.Globalization.CultureInfo.InvariantCulture),
            ChannelRules.NotAtNight(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), NorwegianTime.Zone, new TimeOnly(21, 0), new TimeOnly(8, 0)));
}
