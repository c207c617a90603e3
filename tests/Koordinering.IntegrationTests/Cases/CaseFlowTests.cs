using Koordinering.Application.Domain;
using Grpc.Core;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Eligibility.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using AppV1 = Koordinering.Application.V1;
using EliV1 = Koordinering.Eligibility.V1;

namespace Koordinering.IntegrationTests.Cases;

/// <summary>From a request to a lawful decision, and on to appeal, across two services on real databases.</summary>
public sealed class CaseFlowTests(CaseHosts hosts) : IClassFixture<CaseHosts>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EliV1.RightDecisionInput Decision(EliV1.Right right, EliV1.DecisionOutcome outcome, string reasons) =>
        new() { Right = right, Outcome = outcome, Reasons = reasons };

    [Fact]
    public async Task Submit_pre_assessment_findings_decision_then_appeal_and_reversal()
    {
        // A person not sure how long the need lasts asks for a coordinator.
        var request = CaseHosts.Request(CaseHosts.Adult, AppV1.RequestedRight.Coordinator);
        request.ExpectedDuration = AppV1.ExpectedDuration.Unknown;
        var submitted = (await hosts.Applications.SubmitApplicationAsync(request, hosts.CitizenToken(CaseHosts.Adult), cancellationToken: Ct)).Application;
        Assert.Equal(AppV1.ApplicationStatus.Received, submitted.Status);
        Assert.Equal(LegalDeadlines.InterimReplyDue(submitted.ReceivedAt.ToDateTimeOffset()), submitted.InterimReplyDue.ToDateTimeOffset());

        // The rule set pre-assesses: two providers are met, the duration needs judgement.
        await hosts.CaseAsync(submitted.ApplicationId, AppV1.ApplicationStatus.InAssessment);
        var assessment = await hosts.AssessmentAsync(submitted.ApplicationId);
        Assert.Equal(Eligibility.Domain.Rules.RuleSet.Version, assessment.RuleSetVersion);
        Assert.Equal(EliV1.AssessmentStatus.AwaitingJudgement, assessment.Status);
        var coordinator = Assert.Single(assessment.Rights);
        Assert.Equal(EliV1.CriterionOutcome.NeedsJudgement, coordinator.Preliminary);
        Assert.All(coordinator.Criteria, c => Assert.False(string.IsNullOrEmpty(c.RuleGrounds.Nn)));

        // A grant while a criterion waits for judgement is refused.
        var early = await Assert.ThrowsAsync<RpcException>(() => hosts.Assessments.DecideAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            Decisions = { Decision(EliV1.Right.Coordinator, EliV1.DecisionOutcome.Granted, "Oppfylt.") },
        }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Contains("coordinator.long_term_health_care", early.Status.Detail, StringComparison.Ordinal);

        // The caseworker maps the needs: not long-term. The rejection cites the failed criterion.
        assessment = (await hosts.Assessments.RecordFindingAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            CriterionId = "coordinator.long_term_health_care",
            Finding = EliV1.CriterionOutcome.NotMet,
            Grounds = "Kartleggingen viser et behov på om lag tre uker.",
        }, hosts.Caseworker, cancellationToken: Ct)).Assessment;
        Assert.Equal(EliV1.AssessmentStatus.PreAssessed, assessment.Status);
        var grantNotMet = await Assert.ThrowsAsync<RpcException>(() => hosts.Assessments.DecideAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            Decisions = { Decision(EliV1.Right.Coordinator, EliV1.DecisionOutcome.Granted, "Oppfylt.") },
        }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, grantNotMet.StatusCode);

        assessment = (await hosts.Assessments.DecideAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            Decisions = { Decision(EliV1.Right.Coordinator, EliV1.DecisionOutcome.Rejected, "Behovet er ikke langvarig.") },
        }, hosts.Caseworker, cancellationToken: Ct)).Assessment;
        var rejection = Assert.Single(assessment.Decisions);
        Assert.Equal(["coordinator.long_term_health_care"], rejection.FailedCriteria);
        Assert.Equal(1, rejection.Version);
        Assert.Contains("§ 2-5 b", rejection.LegalBasis, StringComparison.Ordinal);
        Assert.Equal(4, rejection.Complaint.DeadlineWeeks);
        Assert.Contains("Statsforvalteren", rejection.Complaint.Text.Nb, StringComparison.Ordinal);
        Assert.Contains("Statsforvaltaren", rejection.Complaint.Text.Nn, StringComparison.Ordinal);
        Assert.Contains("ikke rett til flere tjenester", rejection.NoMoreServices.Nb, StringComparison.Ordinal);
        var decided = await hosts.CaseAsync(submitted.ApplicationId, AppV1.ApplicationStatus.Decided);
        Assert.NotNull(decided.DecidedAt);

        // Deciding again is refused: a decision changes only by reversal.
        var again = await Assert.ThrowsAsync<RpcException>(() => hosts.Assessments.DecideAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            Decisions = { Decision(EliV1.Right.Coordinator, EliV1.DecisionOutcome.Rejected, "Igjen.") },
        }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);

        // The person appeals in time; the unit reassesses and reverses.
        var appealed = (await hosts.Applications.RegisterAppealAsync(new() { ApplicationId = submitted.ApplicationId, Grounds = "Behovet varer lenger." },
            hosts.CitizenToken(CaseHosts.Adult), cancellationToken: Ct)).Application;
        Assert.Equal(AppV1.ApplicationStatus.Appealed, appealed.Status);
        Assert.False(appealed.Appeal.Late);
        Assert.Equal(LegalDeadlines.AppealDeadline(decided.DecidedAt.ToDateTimeOffset()), appealed.Appeal.Deadline.ToDateTimeOffset());

        await hosts.Assessments.RecordFindingAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            CriterionId = "coordinator.long_term_health_care",
            Finding = EliV1.CriterionOutcome.Met,
            Grounds = "Ny dokumentasjon viser et langvarig behov.",
        }, hosts.Caseworker, cancellationToken: Ct);
        assessment = (await hosts.Assessments.ReverseDecisionAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            Decision = Decision(EliV1.Right.Coordinator, EliV1.DecisionOutcome.Granted, "Klagen tas til følge."),
        }, hosts.Caseworker, cancellationToken: Ct)).Assessment;
        Assert.Equal([1, 2], assessment.Decisions.Select(d => d.Version));
        Assert.Equal(EliV1.DecisionOutcome.Granted, assessment.Decisions[1].Outcome);
        await hosts.CaseAsync(submitted.ApplicationId, AppV1.ApplicationStatus.Reversed);

        var history = (await hosts.Applications.GetApplicationHistoryAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.Caseworker, cancellationToken: Ct)).Entries;
        Assert.Equal(["submitted", "assessment_ready", "decided", "appealed", "reversed"], history.Select(h => h.Action));
        Assert.Equal("citizen", history[0].Actor);
        // A change made by an event is credited to the event and the service that produced it.
        Assert.Matches("^event:koordinering-eligibility/[0-9a-f-]{36}$", history[2].Actor);
        Assert.Matches("^event:koordinering-eligibility/[0-9a-f-]{36}$", history[4].Actor);
    }

    [Fact]
    public async Task A_decision_cannot_be_changed_in_the_database()
    {
        var submitted = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(CaseHosts.OtherAdult, AppV1.RequestedRight.IndividualPlan), hosts.Caseworker, cancellationToken: Ct)).Application;
        var assessment = await hosts.AssessmentAsync(submitted.ApplicationId);
        await hosts.Assessments.DecideAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            Decisions = { Decision(EliV1.Right.IndividualPlan, EliV1.DecisionOutcome.Granted, "Vilkårene er oppfylt.") },
        }, hosts.Caseworker, cancellationToken: Ct);

        await using var scope = hosts.Eligibility.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EligibilityDbContext>();
        var id = Guid.Parse(assessment.AssessmentId);
        var update = await Assert.ThrowsAsync<PostgresException>(() => db.Decisions.Where(d => d.AssessmentId == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Reasons, "edited"), Ct));
        Assert.Equal("P0001", update.SqlState);
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Decisions.Where(d => d.AssessmentId == id).ExecuteDeleteAsync(Ct));
        Assert.Equal("P0001", delete.SqlState);
    }

    [Fact]
    public async Task A_retried_submit_returns_the_first_application_and_a_second_open_one_is_refused()
    {
        var person = Koordinering.UnitTests.IdentityNumbers.For(new DateOnly(1990, 1, 17));
        var request = CaseHosts.Request(person, AppV1.RequestedRight.Coordinator);
        var first = (await hosts.Applications.SubmitApplicationAsync(request, hosts.Caseworker, cancellationToken: Ct)).Application;
        var retried = (await hosts.Applications.SubmitApplicationAsync(request, hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.Equal(first.ApplicationId, retried.ApplicationId);

        var second = CaseHosts.Request(person, AppV1.RequestedRight.Coordinator, AppV1.RequestedRight.IndividualPlan);
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.SubmitApplicationAsync(second, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Contains(first.ApplicationId, duplicate.Status.Detail, StringComparison.Ordinal);

        // Another right is another case; once the first is withdrawn, a new one may be opened.
        var plan = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(person, AppV1.RequestedRight.IndividualPlan), hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.NotEqual(first.ApplicationId, plan.ApplicationId);
        await hosts.CaseAsync(first.ApplicationId, AppV1.ApplicationStatus.InAssessment);
        await hosts.Applications.WithdrawApplicationAsync(new() { ApplicationId = first.ApplicationId, Reason = "Søkt ved en feil." }, hosts.Caseworker, cancellationToken: Ct);
        var again = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(person, AppV1.RequestedRight.Coordinator), hosts.Caseworker, cancellationToken: Ct)).Application;
        Assert.NotEqual(first.ApplicationId, again.ApplicationId);
    }

    [Fact]
    public async Task A_transition_the_life_cycle_does_not_allow_is_a_failed_precondition()
    {
        var person = Koordinering.UnitTests.IdentityNumbers.For(new DateOnly(1959, 12, 1));
        var submitted = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(person, AppV1.RequestedRight.Coordinator), hosts.Caseworker, cancellationToken: Ct)).Application;
        await hosts.CaseAsync(submitted.ApplicationId, AppV1.ApplicationStatus.InAssessment);

        var appeal = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.RegisterAppealAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, appeal.StatusCode);
        var forward = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.ForwardAppealAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, forward.StatusCode);

        await hosts.Applications.WithdrawApplicationAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.Caseworker, cancellationToken: Ct);
        var twice = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.WithdrawApplicationAsync(new() { ApplicationId = submitted.ApplicationId }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var interim = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.RecordInterimReplyAsync(new()
        {
            ApplicationId = submitted.ApplicationId, Reason = "Venter på opplysninger.", ExpectedDecisionDate = hosts.Time.GetUtcNow().AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, hosts.Caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, interim.StatusCode);

        // The withdrawal closes the assessment, so nothing is decided on it.
        await Eventually.HoldsAsync(async () => (await hosts.AssessmentAsync(submitted.ApplicationId)).Status == EliV1.AssessmentStatus.Closed, "the assessment is closed");
    }

    [Fact]
    public async Task Citizens_reach_their_own_and_their_childrens_cases_and_caseworkers_only_their_municipality()
    {
        var own = (await hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(CaseHosts.Guardian, AppV1.RequestedRight.IndividualPlan), hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct)).Application;

        var forChild = CaseHosts.Request(CaseHosts.Child, AppV1.RequestedRight.ChildCoordinator);
        forChild.Applicant.Relation = AppV1.ApplicantRelation.ParentOrGuardian;
        var childs = (await hosts.Applications.SubmitApplicationAsync(forChild, hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct)).Application;

        // Someone else may not apply for the child, nor as the person for another.
        var notGuardian = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.SubmitApplicationAsync(forChild, hosts.CitizenToken(CaseHosts.OtherAdult), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notGuardian.StatusCode);
        var notSelf = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.SubmitApplicationAsync(CaseHosts.Request(CaseHosts.Adult, AppV1.RequestedRight.Coordinator), hosts.CitizenToken(CaseHosts.OtherAdult), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notSelf.StatusCode);

        var mine = (await hosts.Applications.ListMyApplicationsAsync(new(), hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct)).Applications.Select(a => a.ApplicationId).ToList();
        Assert.Contains(own.ApplicationId, mine);
        Assert.Contains(childs.ApplicationId, mine);
        Assert.DoesNotContain((await hosts.Applications.ListMyApplicationsAsync(new(), hosts.CitizenToken(CaseHosts.OtherAdult), cancellationToken: Ct)).Applications,
            a => a.ApplicationId == own.ApplicationId || a.ApplicationId == childs.ApplicationId);

        // Another citizen, and a caseworker of another municipality, learn nothing: NotFound.
        foreach (var stranger in new[] { hosts.CitizenToken(CaseHosts.OtherAdult), TestTokensFor("0301") })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.GetApplicationAsync(new() { ApplicationId = childs.ApplicationId }, stranger, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        }
        var listOther = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.ListApplicationsAsync(new() { MunicipalityNumber = CaseHosts.Municipality }, TestTokensFor("0301"), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, listOther.StatusCode);

        // A kind of caller an RPC does not declare is refused before any lookup (deny by default).
        var undeclared = await Assert.ThrowsAsync<RpcException>(() => hosts.Assessments.DecideAsync(new() { AssessmentId = Guid.NewGuid().ToString() }, hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, undeclared.StatusCode);
        Assert.Contains("may not call", undeclared.Status.Detail, StringComparison.Ordinal);

        // A citizen may read their case but not administer it.
        var administer = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.ForwardAppealAsync(new() { ApplicationId = own.ApplicationId }, hosts.CitizenToken(CaseHosts.Guardian), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, administer.StatusCode);
    }

    private Metadata TestTokensFor(string municipality) => TestTokens.Bearer(hosts.Tokens.Caseworker(municipality));

    [Fact]
    public async Task Caseworkers_page_through_their_municipality_in_a_stable_order()
    {
        var municipality = "5001";
        var token = TestTokensFor(municipality);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var request = CaseHosts.Request(Koordinering.UnitTests.IdentityNumbers.For(new DateOnly(1950 + i, 3, 3)), AppV1.RequestedRight.Coordinator);
            request.MunicipalityNumber = municipality;
            ids.Add((await hosts.Applications.SubmitApplicationAsync(request, token, cancellationToken: Ct)).Application.ApplicationId);
            hosts.Time.Advance(TimeSpan.FromSeconds(1));
        }
        var seen = new List<string>();
        var pageToken = "";
        do
        {
            var page = await hosts.Applications.ListApplicationsAsync(new() { MunicipalityNumber = municipality, PageSize = 2, PageToken = pageToken }, token, cancellationToken: Ct);
            Assert.True(page.Applications.Count <= 2);
            seen.AddRange(page.Applications.Select(a => a.ApplicationId));
            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);
        Assert.Equal(ids, seen);

        var badToken = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.ListApplicationsAsync(new() { MunicipalityNumber = municipality, PageToken = "garbage" }, token, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);
        var badSize = await Assert.ThrowsAsync<RpcException>(() => hosts.Applications.ListApplicationsAsync(new() { MunicipalityNumber = municipality, PageSize = 1000 }, token, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badSize.StatusCode);
    }
}
