namespace Koordinering.Notification.Domain;

/// <summary>
/// When to tell a reader that there is a new message in their plan: at most one notice an hour per reader, and none
/// at night (Europe/Oslo, the SMS quiet hours, for e-mail too). A notice still waiting to go already tells them; else
/// it goes now, or an hour after the last one if that went less than an hour ago, moved out of the night. Plain C#.
/// </summary>
public static class MessageNoticeRules
{
    public const string Kind = "new_message";

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <param name="lastSendAt">When the reader's latest new-message notice went, or is to go; null if they never had one.</param>
    /// <returns>When the notice is to go; null when one still waiting covers this message.</returns>
    public static DateTimeOffset? SendAt(DateTimeOffset now, DateTimeOffset? lastSendAt, TimeZoneInfo zone, TimeOnly quietFrom, TimeOnly quietTo)
    {
        if (lastSendAt > now)
        {
            return null;
        }
        var at = lastSendAt is { } last && last + Interval > now ? last + Interval : now;
        return ChannelRules.NotAtNight(at, zone, quietFrom, quietTo);
    }
}
