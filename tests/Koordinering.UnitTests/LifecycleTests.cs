using Koordinering.Application.Domain;
using static Koordinering.Application.Domain.ApplicationStatus;

namespace Koordinering.UnitTests;

public sealed class LifecycleTests
{
    public static TheoryData<ApplicationStatus, ApplicationStatus, bool> Moves => new()
    {
        { Received, InAssessment, true },
        { Received, Withdrawn, true },
        { InAssessment, Decided, true },
        { InAssessment, Withdrawn, true },
        { Decided, Appealed, true },
        { Appealed, Reversed, true },
        { Appealed, Forwarded, true },
        { Forwarded, Final, true },
        { Reversed, Appealed, true },
        { Decided, Withdrawn, false },
        { Withdrawn, InAssessment, false },
        { Final, Appealed, false },
        { Received, Appealed, false },
        { Appealed, Final, false },
        { Decided, Received, false },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void The_life_cycle_allows_exactly_the_lawful_moves(ApplicationStatus from, ApplicationStatus to, bool allowed) =>
        Assert.Equal(allowed, Lifecycle.CanMove(from, to));

    [Fact]
    public void The_interim_reply_is_due_one_calendar_month_after_receipt()
    {
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 9, 0, 0, TimeSpan.Zero), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.Zero), LegalDeadlines.InterimReplyDue(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_appeal_deadline_is_the_end_of_the_day_four_weeks_after_the_decision_was_sent() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 21, 23, 59, 59, TimeSpan.FromHours(1)), LegalDeadlines.AppealDeadline(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void An_appeal_after_the_deadline_is_flagged_late_and_still_registered()
    {
        var application = Application.Domain.Application.Receive(new() { Id = Guid.NewGuid(), MunicipalityNumber = "0301", ReceivedAt = DateTimeOffset.UnixEpoch }, "test");
        var decided = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        application.AssessmentReady(Guid.NewGuid(), decided, "event:koordinering-eligibility/1");
        application.Decided(Guid.NewGuid(), decided, "granted", "event:koordinering-eligibility/2");
        application.Appeal("citizen", LegalDeadlines.AppealDeadline(decided).AddSeconds(1), null, decided.AddDays(30));
        Assert.True(application.AppealLate);
        Assert.Equal(Appealed, application.Status);
        Assert.Equal(["submitted", "assessment_ready", "decided", "appealed"], application.History.Select(h => h.Action));
    }

    [Fact]
    public void A_move_out_of_order_throws_and_leaves_the_case_as_it_was()
    {
        var application = Application.Domain.Application.Receive(new() { Id = Guid.NewGuid(), MunicipalityNumber = "0301", ReceivedAt = DateTimeOffset.UnixEpoch }, "test");
        Assert.Throws<InvalidTransitionException>(() => application.ForwardAppeal("x", DateTimeOffset.UnixEpoch));
        Assert.Equal(Received, application.Status);
        Assert.Single(application.History);
    }
}
