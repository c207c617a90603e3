namespace Koordinering.Plan.Domain;

/// <summary>A meeting of the responsibility group (ansvarsgruppemøte): scheduled, then held or cancelled, changed only through its own methods.</summary>
public sealed class Meeting
{
    private Meeting()
    {
    }

    public Guid Id { get; private init; }
    public Guid PlanId { get; private init; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string? Place { get; private set; }
    public string? VideoLink { get; private set; }
    public string? Agenda { get; private init; }
    public MeetingStatus Status { get; private set; } = MeetingStatus.Scheduled;
    public List<string> InvitedParticipantIds { get; private init; } = [];
    public string? Minutes { get; private set; }
    public List<string> Decisions { get; private set; } = [];
    public string? CancelReason { get; private set; }
    public uint Version { get; private set; }

    /// <summary>Schedules a meeting; it must end after it starts and have a place or a video link.</summary>
    public static Meeting Schedule(Guid id, Guid planId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? place, string? videoLink, string? agenda, IEnumerable<string> invited)
    {
        Require(startsAt, endsAt, place, videoLink);
        return new Meeting
        {
            Id = id, PlanId = planId, StartsAt = startsAt, EndsAt = endsAt, Place = place, VideoLink = videoLink, Agenda = agenda,
            InvitedParticipantIds = invited.ToList(),
        };
    }

    /// <summary>Moves a scheduled meeting; a place or link not given stays as it was.</summary>
    public void Reschedule(DateTimeOffset startsAt, DateTimeOffset endsAt, string? place, string? videoLink)
    {
        RequireScheduled();
        Require(startsAt, endsAt, place ?? Place, videoLink ?? VideoLink);
        StartsAt = startsAt;
        EndsAt = endsAt;
        Place = place ?? Place;
        VideoLink = videoLink ?? VideoLink;
    }

    public void Cancel(string? reason)
    {
        RequireScheduled();
        Status = MeetingStatus.Cancelled;
        CancelReason = reason;
    }

    /// <summary>Records what was said and decided; the meeting is then held (minutes may be recorded again, to correct them).</summary>
    public void RecordMinutes(string minutes, IEnumerable<string> decisions)
    {
        if (Status == MeetingStatus.Cancelled)
        {
            throw new PlanRuleException("The meeting was cancelled.");
        }
        Minutes = minutes;
        Decisions = decisions.ToList();
        Status = MeetingStatus.Held;
    }

    private void RequireScheduled()
    {
        if (Status != MeetingStatus.Scheduled)
        {
            throw new PlanRuleException($"The meeting is {Status.ToString().ToLowerInvariant()}.");
        }
    }

    private static void Require(DateTimeOffset startsAt, DateTimeOffset endsAt, string? place, string? videoLink)
    {
        if (endsAt <= startsAt)
        {
            throw new PlanRuleException("A meeting ends after it starts.");
        }
        if (place is null && videoLink is null)
        {
            throw new PlanRuleException("A meeting has a place or a video link.");
        }
    }
}
