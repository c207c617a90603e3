using Koordinering.Domain;
using Google.Rpc;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Plan.Evaluations;
using Microsoft.Extensions.DependencyInjection;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.Plans;

public sealed class PlanTests(PlanHosts hosts) : IClassFixture<PlanHosts>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PlanV1.Plan> NewPlanAsync(string person, params string[] consentedOrganisations)
    {
        var coordination = await hosts.GrantAsync(person, RequestedRight.Coordinator, RequestedRight.IndividualPlan);
        await hosts.AppointAsync(coordination);
        await hosts.ConsentAsync(person, consentedOrganisations);
        return (await hosts.Plans.CreateIndividualPlanAsync(new() { CoordinationId = coordination, Content = PlanHosts.Content() }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;
    }

    [Fact]
    public async Task A_decision_opens_a_coordination_a_coordinator_is_appointed_and_the_plan_waits_for_consent()
    {
        var person = PlanHosts.NewPerson(1951);
        var coordinationId = await hosts.GrantAsync(person, RequestedRight.Coordinator, RequestedRight.IndividualPlan);
        var opened = (await hosts.Plans.GetCoordinationAsync(new() { CoordinationId = coordinationId }, hosts.Caseworker, cancellationToken: Ct)).Coordination;
        Assert.Equal(PlanV1.CoordinationStatus.AwaitingAppointment, opened.Status);
        Assert.True(opened.IndividualPlanGranted);

        var appointed = await hosts.AppointAsync(coordinationId);
        Assert.Equal(PlanV1.CoordinationStatus.Active, appointed.Status);
        Assert.Equal("coordinator-7", appointed.Coordinators[0].EmployeeId);
        Assert.True(appointed.Coordinators[0].WishFollowed);

        // Without consent to a plan: refused, saying so.
        var refused = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.CreateIndividualPlanAsync(new() { CoordinationId = coordinationId, Content = PlanHosts.Content() }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("consent", refused.Status.Detail, StringComparison.OrdinalIgnoreCase);

        var consentId = await hosts.ConsentAsync(person, PlanHosts.HomeNursing);
        var plan = (await hosts.Plans.CreateIndividualPlanAsync(new() { CoordinationId = coordinationId, Content = PlanHosts.Content() }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;
        Assert.Equal(1, plan.Version);
        Assert.Equal(consentId, plan.ConsentId);
        Assert.Equal(PlanV1.PlanKind.IndividualPlan, plan.Kind);

        // One individual plan per person.
        var second = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.CreateIndividualPlanAsync(new() { CoordinationId = coordinationId, Content = PlanHosts.Content() }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, second.StatusCode);

        // Replacing the coordinator keeps the history.
        var replaced = (await hosts.Plans.AppointCoordinatorAsync(new()
        {
            CoordinationId = coordinationId,
            Coordinator = new PlanV1.Coordinator { EmployeeId = "coordinator-8", Name = "Nils", OrganisationNumber = PlanHosts.Physio, Kind = PlanV1.CoordinatorKind.Coordinator, WishedFor = "Kari", WishFollowed = false, ReasonWishNotFollowed = "Kari har permisjon." },
        }, hosts.Caseworker, cancellationToken: Ct)).Coordination;
        Assert.Equal(["coordinator-8", "coordinator-7"], replaced.Coordinators.Select(c => c.EmployeeId));
        Assert.NotNull(replaced.Coordinators[1].ReplacedAt);
    }

    [Fact]
    public async Task Goals_and_measures_are_added_and_two_concurrent_edits_lose_nothing()
    {
        var plan = await NewPlanAsync(PlanHosts.NewPerson(1952));
        var content = plan.Content.Clone();
        content.Goals.Add(new PlanV1.Goal { Text = "Jeg vil gå tur til butikken." });
        content.Measures.Add(new PlanV1.Measure { Title = "Gåtrening", Scope = "To ganger i uka", How = "Med fysioterapeut", ResponsibleParticipantId = "p-physio", Deadline = "2027-03-01", Status = PlanV1.MeasureStatus.Planned, GoalIds = { "g1" } });
        var updated = (await hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = 1, Content = content }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;
        Assert.Equal(2, updated.Version);
        Assert.Equal(2, updated.Content.Goals.Count);
        Assert.All(updated.Content.Goals, g => Assert.False(string.IsNullOrEmpty(g.GoalId)));
        Assert.Equal("p-physio", Assert.Single(updated.Content.Measures).ResponsibleParticipantId);

        // Two edits both made on version 2: the first wins, the second is refused with the current version.
        var mine = updated.Content.Clone();
        mine.Needs = "Hjelp med stell, trening og medisiner.";
        var theirs = updated.Content.Clone();
        theirs.Resources = "Sterk familie, god humor, en hund.";
        var first = (await hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = 2, Content = mine }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;
        var conflict = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = 2, Content = theirs }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, conflict.StatusCode);
        Assert.Equal("3", conflict.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["current_version"]);
        var current = (await hosts.Plans.GetPlanAsync(new() { PlanId = plan.PlanId }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;
        Assert.Equal(first.Content.Needs, current.Content.Needs);

        // The history shows every change, before and after.
        var history = (await hosts.Plans.GetPlanHistoryAsync(new() { PlanId = plan.PlanId }, hosts.CoordinatorToken, cancellationToken: Ct)).Revisions;
        Assert.Equal([1, 2, 3], history.Select(r => r.Version));
        Assert.Equal(["created", "updated", "updated"], history.Select(r => r.Change));
        Assert.Null(history[0].Before);
        Assert.Equal("Hjelp med stell og trening.", history[2].Before.Needs);
        Assert.Equal("Hjelp med stell, trening og medisiner.", history[2].After.Needs);
        Assert.All(history, r => Assert.Equal("employee:coordinator-7", r.ChangedBy));
    }

    [Fact]
    public async Task A_meeting_is_scheduled_and_its_minutes_recorded_with_a_decision_that_becomes_a_measure()
    {
        var person = PlanHosts.NewPerson(1953);
        var plan = await NewPlanAsync(person);
        var start = hosts.Time.GetUtcNow().AddDays(7);
        var meeting = (await hosts.Plans.ScheduleMeetingAsync(new()
        {
            PlanId = plan.PlanId, StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start), EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddHours(1)),
            Place = "Helsehuset, møterom 2", Agenda = "Oppstart",
        }, hosts.CoordinatorToken, cancellationToken: Ct)).Meeting;
        Assert.Equal(["p-home", "p-physio", "p-daughter"], meeting.InvitedParticipantIds);

        var moved = (await hosts.Plans.RescheduleMeetingAsync(new()
        {
            MeetingId = meeting.MeetingId, StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddDays(1)), EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddDays(1).AddHours(1)),
            VideoLink = "https://video.example/rom/42",
        }, hosts.CoordinatorToken, cancellationToken: Ct)).Meeting;
        Assert.Equal("https://video.example/rom/42", moved.VideoLink);

        var calendar = (await hosts.Plans.GetCalendarAsync(new() { PlanId = plan.PlanId }, hosts.Citizen(person), cancellationToken: Ct)).Entries;
        Assert.Contains(calendar, e => e.Kind == "meeting" && e.ReferenceId == meeting.MeetingId);

        // Each taker-part's own calendar, across plans: the coordinator's and the person's show it; a stranger's does not.
        var coordinators = (await hosts.Plans.GetMyCalendarAsync(new(), hosts.CoordinatorToken, cancellationToken: Ct)).Entries;
        Assert.Contains(coordinators, e => e.ReferenceId == meeting.MeetingId && e.PlanId == plan.PlanId);
        Assert.Contains((await hosts.Plans.GetMyCalendarAsync(new(), hosts.Citizen(person), cancellationToken: Ct)).Entries, e => e.ReferenceId == meeting.MeetingId);
        Assert.DoesNotContain((await hosts.Plans.GetMyCalendarAsync(new(), hosts.Employee("teacher-9", PlanHosts.School), cancellationToken: Ct)).Entries, e => e.PlanId == plan.PlanId);
        Assert.DoesNotContain((await hosts.Plans.GetMyCalendarAsync(new(), hosts.Employee("physio-9", PlanHosts.Physio), cancellationToken: Ct)).Entries, e => e.PlanId == plan.PlanId); // named in the plan, but no consent

        var minutes = await hosts.Plans.RecordMinutesAsync(new()
        {
            MeetingId = meeting.MeetingId, Minutes = "Alle møtte. Vi ble enige om trening.", ExpectedPlanVersion = plan.Version,
            Decisions =
            {
                new PlanV1.MeetingDecision { Text = "Neste møte om tre måneder." },
                new PlanV1.MeetingDecision { Text = "Fysioterapeut starter gåtrening.", AsMeasure = new PlanV1.Measure { Title = "Gåtrening", ResponsibleParticipantId = "p-physio", Deadline = "2027-02-01", GoalIds = { "g1" } } },
            },
        }, hosts.CoordinatorToken, cancellationToken: Ct);
        Assert.Equal(PlanV1.MeetingStatus.Held, minutes.Meeting.Status);
        Assert.Equal(2, minutes.Meeting.Decisions.Count);
        Assert.Equal(2, minutes.Plan.Version);
        Assert.Equal("Gåtrening", Assert.Single(minutes.Plan.Content.Measures).Title);

        var cancel = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.CancelMeetingAsync(new() { MeetingId = meeting.MeetingId }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, cancel.StatusCode);
    }

    [Fact]
    public async Task An_evaluation_due_event_fires_on_time_once_and_recording_the_evaluation_sets_the_next_date()
    {
        var plan = await NewPlanAsync(PlanHosts.NewPerson(1954));
        var today = DateOnly.FromDateTime(hosts.Time.GetUtcNow().UtcDateTime);
        var evaluation = today.AddDays(30);
        var content = plan.Content.Clone();
        content.EvaluationDates.Add(evaluation.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        plan = (await hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = plan.Version, Content = content }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;

        var monitor = hosts.Plan.Services.GetRequiredService<EvaluationMonitor>();
        hosts.Time.Advance(TimeSpan.FromDays(15)); // 15 days before: not yet (the default is 14)
        Assert.Equal(0, await monitor.RunOnceAsync(Ct));
        hosts.Time.Advance(TimeSpan.FromDays(2)); // 13 days before
        Assert.Equal(1, await monitor.RunOnceAsync(Ct));
        Assert.Equal(0, await monitor.RunOnceAsync(Ct));

        var next = evaluation.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var evaluated = (await hosts.Plans.RecordEvaluationAsync(new()
        {
            PlanId = plan.PlanId, ExpectedVersion = plan.Version, Summary = "Målet om å klare seg hjemme er nær.", NextEvaluationDate = next,
            Goals = { new PlanV1.Goal { GoalId = "g1", Text = "Jeg vil klare meg selv hjemme.", StatusNote = "Nesten nådd." } },
        }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;
        Assert.Contains(next, evaluated.Content.EvaluationDates);
        Assert.Equal("Nesten nådd.", evaluated.Content.Goals.Single().StatusNote);
    }

    [Fact]
    public async Task A_participant_reads_while_consent_names_them_and_not_after_it_is_withdrawn()
    {
        var person = PlanHosts.NewPerson(1955);
        var plan = await NewPlanAsync(person, PlanHosts.HomeNursing, PlanHosts.Physio);
        var physio = hosts.Employee("physio-1", PlanHosts.Physio);
        var school = hosts.Employee("teacher-1", PlanHosts.School);

        Assert.Equal(plan.PlanId, (await hosts.Plans.GetPlanAsync(new() { PlanId = plan.PlanId }, physio, cancellationToken: Ct)).Plan.PlanId);
        var start = hosts.Time.GetUtcNow().AddDays(3);
        var meeting = (await hosts.Plans.ScheduleMeetingAsync(new()
        {
            PlanId = plan.PlanId, StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start), EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddHours(1)), Place = "Rom 1",
        }, hosts.CoordinatorToken, cancellationToken: Ct)).Meeting;
        Assert.Contains((await hosts.Plans.GetMyCalendarAsync(new(), physio, cancellationToken: Ct)).Entries, e => e.ReferenceId == meeting.MeetingId);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.GetPlanAsync(new() { PlanId = plan.PlanId }, school, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
        var edit = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = 1, Content = plan.Content }, physio, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, edit.StatusCode);

        // The person withdraws the physiotherapist's access: the next read is denied.
        var consent = (await hosts.Consents.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = person }, hosts.Citizen(person), cancellationToken: Ct)).Consents.Single();
        var party = consent.Parties.Single(p => p.OrganisationNumber == PlanHosts.Physio);
        await hosts.Consents.WithdrawPartyAsync(new() { ConsentId = consent.ConsentId, PartyId = party.PartyId }, hosts.Citizen(person), cancellationToken: Ct);
        var denied = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.GetPlanAsync(new() { PlanId = plan.PlanId }, physio, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, denied.StatusCode);
        Assert.DoesNotContain((await hosts.Plans.GetMyCalendarAsync(new(), physio, cancellationToken: Ct)).Entries, e => e.PlanId == plan.PlanId);

        // The person reads and proposes; they do not edit.
        Assert.Equal(plan.PlanId, (await hosts.Plans.GetPlanAsync(new() { PlanId = plan.PlanId }, hosts.Citizen(person), cancellationToken: Ct)).Plan.PlanId);
        Assert.NotEmpty((await hosts.Plans.ProposeChangeAsync(new() { PlanId = plan.PlanId, Proposal = "Kan vi legge inn svømming?" }, hosts.Citizen(person), cancellationToken: Ct)).ProposalId);
        var citizenEdit = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = 1, Content = plan.Content }, hosts.Citizen(person), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, citizenEdit.StatusCode);
    }

    [Fact]
    public async Task A_closed_plan_refuses_edits()
    {
        var plan = await NewPlanAsync(PlanHosts.NewPerson(1956));
        var closed = (await hosts.Plans.ClosePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = 1 }, hosts.Caseworker, cancellationToken: Ct)).Plan;
        Assert.Equal(PlanV1.PlanStatus.Closed, closed.Status);
        var edit = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = closed.Version, Content = plan.Content }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, edit.StatusCode);
        Assert.Contains("closed", edit.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_errors_name_their_field()
    {
        var plan = await NewPlanAsync(PlanHosts.NewPerson(1957));
        var content = plan.Content.Clone();
        content.Goals.Add(new PlanV1.Goal { Text = "" });
        content.Measures.Add(new PlanV1.Measure { Title = "X", ResponsibleParticipantId = "nobody", GoalIds = { "no-goal" }, Deadline = "soon" });
        content.PeriodEnd = "2020-01-01";
        var ex = await Assert.ThrowsAsync<RpcException>(() => hosts.Plans.UpdatePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = 1, Content = content }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("content.measures[0].deadline", fields);
        Assert.Contains("content.goals[1].text", fields);
        Assert.Contains("content.measures[0].responsible_participant_id", fields);
        Assert.Contains("content.measures[0].goal_ids[0]", fields);
        Assert.Contains("content.period_end", fields);
    }
}

/// <summary>When the Consent service cannot be reached, access is denied and the answer says why.</summary>
public sealed class PlanFailClosedTests
{
    [Fact]
    public async Task Without_the_consent_service_a_plan_is_not_created_and_the_reason_is_given()
    {
        var ct = TestContext.Current.CancellationToken;
        using var tokens = new TestTokens();
        var db = await TestPostgres.ProvisionAsync("plan_closed");
        Assert.Equal(0, (await ServiceFixture<Koordinering.Plan.Api.PlanApi, Koordinering.Plan.Data.PlanDbContext>.RunMigrateModeAsync(db)).ExitCode);
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var deadPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var plan = new ServiceHost<Koordinering.Plan.Api.PlanApi>(db, tokens)
            .Set("Services:Consent:Address", $"http://127.0.0.1:{deadPort}")
            .Set("Services:Consent:Deadline", "00:00:01")
            .Set("ServiceIdentity:SigningKeyFile", tokens.PrivateKeyFile)
            .Set("ServiceIdentity:Issuer", TestTokens.Issuer)
            .Start();
        var person = PlanHosts.NewPerson(1960);
        var decided = new DecidedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, MunicipalityNumber = PlanHosts.Municipality, AggregateId = Guid.NewGuid(), AssessmentId = Guid.NewGuid(),
            ApplicationId = Guid.NewGuid(), PersonIdentityNumber = person, DecidedAt = DateTimeOffset.UtcNow,
            Decisions = [new RightDecision(Guid.NewGuid(), RequestedRight.IndividualPlan, DecisionOutcome.Granted, 1, "pasrl", "Oppfylt.", [])],
        };
        Assert.Equal("SUCCESS", await CloudEventPost.SendAsync(plan.Http, decided, ct));
        await using var scope = plan.Services.CreateAsyncScope();
        var coordination = scope.ServiceProvider.GetRequiredService<Koordinering.Plan.Data.PlanDbContext>().Coordinations.Single(c => c.PersonIdentityNumber == person);

        var client = new PlanV1.PlanService.PlanServiceClient(plan.Channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.CreateIndividualPlanAsync(new() { CoordinationId = coordination.Id.ToString(), Content = PlanHosts.Content() },
            TestTokens.Bearer(tokens.Caseworker(PlanHosts.Municipality)), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("Consent service", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("denied", ex.Status.Detail, StringComparison.Ordinal);
    }
}
