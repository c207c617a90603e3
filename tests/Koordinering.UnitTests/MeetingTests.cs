using Koordinering.Plan.Domain;

namespace Koordinering.UnitTests;

/// <summary>A responsibility-group meeting, changed only through its own methods; one behaviour per test.</summary>
public sealed class MeetingTests
{
    private static readonly DateTimeOffset Thursday = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static Meeting Scheduled() =>
        Meeting.Schedule(Guid.NewGuid(), Guid.NewGuid(), Thursday, Thursday.AddHours(1), "Helsestasjonen", null, "Oppstart", ["p1", "p2"]);

    [Fact]
    public void A_scheduled_meeting_invites_those_named()
    {
        var meeting = Scheduled();
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(["p1", "p2"], meeting.InvitedParticipantIds);
    }

    [Fact]
    public void A_meeting_must_end_after_it_starts() =>
        Assert.Throws<PlanRuleException>(() => Meeting.Schedule(Guid.NewGuid(), Guid.NewGuid(), Thursday, Thursday, "Rom 1", null, null, []));

    [Fact]
    public void A_meeting_needs_a_place_or_a_video_link() =>
        Assert.Throws<PlanRuleException>(() => Meeting.Schedule(Guid.NewGuid(), Guid.NewGuid(), Thursday, Thursday.AddHours(1), null, null, null, []));

    [Fact]
    public void A_meeting_moved_without_a_new_place_keeps_its_place()
    {
        var meeting = Scheduled();
        meeting.Reschedule(Thursday.AddDays(7), Thursday.AddDays(7).AddHours(1), null, "https://video.example/rom");
        Assert.Equal((Thursday.AddDays(7), "Helsestasjonen", "https://video.example/rom"), (meeting.StartsAt, meeting.Place, meeting.VideoLink));
    }

    [Fact]
    public void A_cancelled_meeting_keeps_its_reason()
    {
        var meeting = Scheduled();
        meeting.Cancel("Sykdom");
        Assert.Equal((MeetingStatus.Cancelled, "Sykdom"), (meeting.Status, meeting.CancelReason));
    }

    [Fact]
    public void A_cancelled_meeting_cannot_be_moved()
    {
        var meeting = Scheduled();
        meeting.Cancel(null);
        Assert.Throws<PlanRuleException>(() => meeting.Reschedule(Thursday.AddDays(1), Thursday.AddDays(1).AddHours(1), null, null));
    }

    [Fact]
    public void A_meeting_is_cancelled_once()
    {
        var meeting = Scheduled();
        meeting.Cancel(null);
        Assert.Throws<PlanRuleException>(() => meeting.Cancel(null));
    }

    [Fact]
    public void Minutes_make_the_meeting_held_with_its_decisions()
    {
        var meeting = Scheduled();
        meeting.RecordMinutes("Referat", ["Ny gåtrening"]);
        Assert.Equal((MeetingStatus.Held, "Referat"), (meeting.Status, meeting.Minutes));
        Assert.Equal(["Ny gåtrening"], meeting.Decisions);
    }

    [Fact]
    public void Minutes_may_be_corrected_after_the_meeting_was_held()
    {
        var meeting = Scheduled();
        meeting.RecordMinutes("Referat", []);
        meeting.RecordMinutes("Rettet referat", []);
        Assert.Equal("Rettet referat", meeting.Minutes);
    }

    [Fact]
    public void A_cancelled_meeting_has_no_minutes()
    {
        var meeting = Scheduled();
        meeting.Cancel(null);
        Assert.Throws<PlanRuleException>(() => meeting.RecordMinutes("Referat", []));
    }
}
