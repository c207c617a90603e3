using Koordinering.Application.Data;
using Koordinering.Application.Deadlines;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AppV1 = Koordinering.Application.V1;
using EliV1 = Koordinering.Eligibility.V1;

namespace Koordinering.IntegrationTests.Cases;

/// <summary>The one-month interim reply (fvl § 11 a) and the 4-week appeal deadline (pasrl § 7-5), on a fake clock.</summary>
public sealed class DeadlineTests(CaseHosts hosts) : IClassFixture<CaseHosts>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> RunDeadlineCheckAsync() => hosts.Application.Services.GetRequiredService<DeadlineMonitor>().RunOnceAsync(Ct);

    private async Task<List<OutboxMessage>> InterimReplyEventsAsync(string applicationId)
    {
        await using var scope = hosts.Application.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var id = Guid.Parse(applicationId);
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.AggregateId == id && m.EventType == "koordinering.application.interim-reply-requested.v1").ToListAsync(Ct);
    }

    [Fact]
    public async Task An_interim_reply_goes_out_when_a_month_has_passed_unless_a_caseworker_recorded_one()
    {
        var silent = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(UnitTests.IdentityNumbers.For(new DateOnly(1980, 6, 6)), AppV1.RequestedRight.Coordinator), hosts.Caseworker, cancellationToken: Ct)).Application;
        var answered = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(UnitTests.IdentityNumbers.For(new DateOnly(1981, 7, 7)), AppV1.RequestedRight.Coordinator), hosts.Caseworker, cancellationToken: Ct)).Application;
        await hosts.CaseAsync(answered.ApplicationId, AppV1.ApplicationStatus.InAssessment);
        await hosts.CaseAsync(silent.ApplicationId, AppV1.ApplicationStatus.InAssessment);

        // The caseworker records one for the second case, with a reason and a date.
        var expected = hosts.Time.GetUtcNow().AddDays(45).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var recorded = (await hosts.Applications.RecordInterimReplyAsync(new() { ApplicationId = answered.ApplicationId, Reason = "Vi venter på epikrise fra sykehuset.", ExpectedDecisionDate = expected },
            hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.False(recorded.InterimReply.Automatic);
        Assert.Equal(expected, recorded.InterimReply.ExpectedDecisionDate);
        Assert.Single(await InterimReplyEventsAsync(answered.ApplicationId));

        // A minute before the month is up nothing is sent; a minute after, the silent case gets one.
        var due = silent.InterimReplyDue.ToDateTimeOffset();
        hosts.Time.Advance(due - hosts.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunDeadlineCheckAsync());
        var nearing = await hosts.Applications.ListApplicationsAsync(new() { MunicipalityNumber = CaseHosts.Municipality, Deadline = AppV1.DeadlineFilter.Nearing }, hosts.Caseworker, cancellationToken: Ct);
        Assert.Contains(nearing.Applications, a => a.ApplicationId == silent.ApplicationId);

        hosts.Time.Advance(TimeSpan.FromMinutes(2));
        var passed = await hosts.Applications.ListApplicationsAsync(new() { MunicipalityNumber = CaseHosts.Municipality, Deadline = AppV1.DeadlineFilter.Passed }, hosts.Caseworker, cancellationToken: Ct);
        Assert.Contains(passed.Applications, a => a.ApplicationId == silent.ApplicationId);
        // The monitor's own timer may get there first (the fake clock fires it); either way one reply goes out.
        await RunDeadlineCheckAsync();
        await Infrastructure.Eventually.HoldsAsync(async () => (await InterimReplyEventsAsync(silent.ApplicationId)).Count == 1, "the automatic interim reply is requested");

        var automatic = (await hosts.Applications.GetApplicationAsync(new() { ApplicationId = silent.ApplicationId }, hosts.Caseworker, cancellationToken: Ct)).Application.InterimReply;
        Assert.True(automatic.Automatic);
        Assert.Equal(DeadlineMonitor.StandardReason, automatic.Reason);
        Assert.Single(await InterimReplyEventsAsync(silent.ApplicationId));
        // The case with the caseworker's reply keeps it (its event was published, and is past retention now).
        var kept = (await hosts.Applications.GetApplicationAsync(new() { ApplicationId = answered.ApplicationId }, hosts.Caseworker, cancellationToken: Ct)).Application.InterimReply;
        Assert.False(kept.Automatic);
        Assert.Equal(expected, kept.ExpectedDecisionDate);

        // Running again sends nothing more.
        Assert.Equal(0, await RunDeadlineCheckAsync());
        Assert.Single(await InterimReplyEventsAsync(silent.ApplicationId));
    }

    [Fact]
    public async Task An_appeal_within_4_weeks_is_in_time_and_one_after_is_flagged_late_not_refused()
    {
        async Task<string> DecidedCaseAsync(DateOnly born)
        {
            var submitted = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(UnitTests.IdentityNumbers.For(born), AppV1.RequestedRight.Coordinator), hosts.Caseworker, cancellationToken: Ct)).Application;
            var assessment = await hosts.AssessmentAsync(submitted.ApplicationId);
            await hosts.Assessments.DecideAsync(new()
            {
                AssessmentId = assessment.AssessmentId,
                Decisions = { new EliV1.RightDecisionInput { Right = EliV1.Right.Coordinator, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Vilkårene er oppfylt." } },
            }, hosts.Caseworker, cancellationToken: Ct);
            return (await hosts.CaseAsync(submitted.ApplicationId, AppV1.ApplicationStatus.Decided)).ApplicationId;
        }
        var inTime = await DecidedCaseAsync(new DateOnly(1975, 1, 2));
        var late = await DecidedCaseAsync(new DateOnly(1976, 3, 4));
        var decidedAt = (await hosts.Applications.GetApplicationAsync(new() { ApplicationId = late }, hosts.Caseworker, cancellationToken: Ct)).Application.DecidedAt.ToDateTimeOffset();

        hosts.Time.Advance(TimeSpan.FromDays(40));
        var deadline = Application.Domain.LegalDeadlines.AppealDeadline(decidedAt);
        var first = (await hosts.Applications.RegisterAppealAsync(new() { ApplicationId = inTime, ReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(deadline.AddMinutes(-1)) },
            hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.False(first.Appeal.Late);
        var second = (await hosts.Applications.RegisterAppealAsync(new() { ApplicationId = late, ReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(deadline.AddMinutes(1)) },
            hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.True(second.Appeal.Late);
        Assert.Equal(AppV1.ApplicationStatus.Appealed, second.Status);

        // Upheld: forwarded to the Statsforvalteren, whose outcome makes the case final.
        Assert.Equal(AppV1.ApplicationStatus.Forwarded, (await hosts.Applications.ForwardAppealAsync(new() { ApplicationId = late }, hosts.Caseworker, cancellationToken: Ct)).Application.Status);
        var final = (await hosts.Applications.RecordAppealOutcomeAsync(new() { ApplicationId = late, Outcome = AppV1.AppealOutcome.Upheld }, hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.Equal(AppV1.ApplicationStatus.Final, final.Status);
        Assert.Equal(AppV1.AppealOutcome.Upheld, final.Appeal.Outcome);
    }
}
