namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// The services' clock in the end-to-end hosts: it runs at the real pace (background loops and
/// timers keep working) from a chosen instant, and a test can move it on, e.g. from 23:30 to the
/// next morning. Tests pretend the hour they need instead of depending on when they run.
/// </summary>
public sealed class RunningClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>A Tuesday morning in Oslo (10:00, in UTC as the database stores it), no holiday near: the default instant of the test hosts.</summary>
    public static readonly DateTimeOffset TuesdayMorning = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private long _offsetTicks = (start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock to an instant; it runs on from there.</summary>
    public void JumpTo(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - System.GetUtcNow()).Ticks);
}
