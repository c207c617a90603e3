using Koordinering.Domain;
using Koordinering.Notification.Domain;
using Microsoft.Extensions.Time.Testing;

namespace Koordinering.UnitTests;

/// <summary>
/// When a reader is told of a new message in their plan: at most one notice an hour, none at night (Europe/Oslo);
/// on a fake clock, one behaviour per test.
/// </summary>
public sealed class MessageNoticeRuleTests
{
    private static readonly TimeZoneInfo Oslo = NorwegianTime.Find("Europe/Oslo");
    private static readonly TimeOnly QuietFrom = new(21, 0);
    private static readonly TimeOnly QuietTo = new(8, 0);

    /// <summary>Tuesday 24 November 2026, 10:00 in Oslo.</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private static DateTimeOffset InOslo(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(1));

    private DateTimeOffset? SendAt(DateTimeOffset? last) => MessageNoticeRules.SendAt(_clock.GetUtcNow(), last, Oslo, QuietFrom, QuietTo);

    [Fact]
    public void A_reader_never_told_before_is_told_now() => Assert.Equal(_clock.GetUtcNow(), SendAt(null));

    [Fact]
    public void A_reader_told_over_an_hour_ago_is_told_now()
    {
        var last = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(_clock.GetUtcNow(), SendAt(last));
    }

    [Fact]
    public void A_reader_told_less_than_an_hour_ago_is_told_an_hour_after_that()
    {
        var last = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(last.AddHours(1), SendAt(last));
    }

    [Fact]
    public void A_notice_still_waiting_to_go_covers_the_new_message()
    {
        var waiting = _clock.GetUtcNow().AddMinutes(40);
        Assert.Null(SendAt(waiting));
    }

    [Fact]
    public void A_message_at_night_is_told_at_eight_in_the_morning()
    {
        _clock.SetUtcNow(InOslo(24, 23, 30));
        Assert.Equal(InOslo(25, 8), SendAt(null));
    }

    [Fact]
    public void A_message_just_after_midnight_is_told_the_same_morning()
    {
        _clock.SetUtcNow(InOslo(25, 0, 10));
        Assert.Equal(InOslo(25, 8), SendAt(null));
    }

    [Fact]
    public void An_hour_after_a_notice_that_falls_in_the_night_waits_for_the_morning()
    {
        var last = InOslo(24, 20, 30);
        _clock.SetUtcNow(InOslo(24, 20, 45));
        Assert.Equal(InOslo(25, 8), SendAt(last));
    }

    [Fact]
    public void Many_messages_in_one_night_make_one_notice_in_the_morning()
    {
        _clock.SetUtcNow(InOslo(24, 22, 0));
        var first = SendAt(null);
        _clock.SetUtcNow(InOslo(25, 3, 0));
        Assert.Equal(InOslo(25, 8), first);
        Assert.Null(SendAt(first));
    }

    [Fact]
    public void The_night_follows_Oslo_summer_time()
    {
        _clock.SetUtcNow(new DateTimeOffset(2027, 6, 15, 19, 30, 0, TimeSpan.Zero)); // 21:30 in Oslo (UTC+2)
        Assert.Equal(new DateTimeOffset(2027, 6, 16, 8, 0, 0, TimeSpan.FromHours(2)), SendAt(null));
    }
}
