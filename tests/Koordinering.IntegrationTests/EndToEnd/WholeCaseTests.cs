using Grpc.Core;
using Koordinering.Application.Api;
using Koordinering.Consent.Api;
using Koordinering.Eligibility.Api;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.Plan.Api;
using Koordinering.Plan.Data;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AppV1 = Koordinering.Application.V1;
using ConsentV1 = Koordinering.Consent.V1;
using EliV1 = Koordinering.Eligibility.V1;
using NoteV1 = Koordinering.Notification.V1;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.EndToEnd;

/// <summary>
/// All five services on their own real databases, delivering events to each other as in
/// tools/up, walking one whole case: application, pre-assessment, decision, coordination,
/// consent, plan, and the letters and notices it causes. Every log line is captured.
/// </summary>
public sealed class WholeCaseTests : IAsyncLifetime
{
    private const string Municipality = "5001";
    private const string Condition = "Cerebral parese med epilepsi";
    private static readonly string Person = IdentityNumbers.For(new DateOnly(1979, 10, 21));
    private AllServices _all = null!;
    private TestTokens _tokens = null!;
    private LogCapture _logs = null!;
    private ServiceHost<ApplicationApi> _application = null!;
    private ServiceHost<EligibilityApi> _eligibility = null!;
    private ServiceHost<PlanApi> _plan = null!;
    private ServiceHost<ConsentApi> _consent = null!;
    private ServiceHost<NotificationApi> _notification = null!;
    private string _outbox = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _all = await AllServices.StartAsync("e2e");
        (_tokens, _logs, _outbox) = (_all.Tokens, _all.Logs, _all.OutboxFolder);
        (_application, _eligibility, _plan, _consent, _notification) = (_all.Application, _all.Eligibility, _all.Plan, _all.Consent, _all.Notification);

        await using var scope = _notification.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        db.Contacts.Add(new Notification.Domain.ContactRecord { IdentityNumber = Person, Mobile = "+4790011223", Email = "person@example.no", DigitalMailbox = "digipost", Language = Koordinering.Domain.WrittenStandard.Nn });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>
    /// The same case in the daytime, when every SMS goes at once, and late in the evening, when
    /// the letters go at once and the SMS notices wait until 08:00 (Europe/Oslo) and then go.
    /// </summary>
    [Theory]
    [InlineData("12:00")]
    [InlineData("23:30")]
    public async Task A_whole_case_from_application_to_plan_with_its_letters_and_no_personal_data_in_any_log(string osloTime)
    {
        var day = new DateOnly(2026, 11, 24);
        var local = TimeOnly.Parse(osloTime, System.Globalization.CultureInfo.InvariantCulture);
        var startsAt = Domain.NorwegianTime.At(day, local);
        var atNight = local >= new TimeOnly(21, 0) || local < new TimeOnly(8, 0);
        _all.Clock.JumpTo(startsAt);
        var caseworker = TestTokens.Bearer(_tokens.Caseworker(Municipality));
        var citizen = TestTokens.Bearer(_tokens.Citizen(Person));
        var applications = new AppV1.ApplicationService.ApplicationServiceClient(_application.Channel);
        var assessments = new EliV1.EligibilityService.EligibilityServiceClient(_eligibility.Channel);
        var plans = new PlanV1.PlanService.PlanServiceClient(_plan.Channel);
        var consents = new ConsentV1.ConsentService.ConsentServiceClient(_consent.Channel);
        var notices = new NoteV1.NotificationService.NotificationServiceClient(_notification.Channel);

        // 1. The person applies for a coordinator and an individual plan.
        var submitted = (await applications.SubmitApplicationAsync(new AppV1.SubmitApplicationRequest
        {
            ClientRequestId = "e2e-1", MunicipalityNumber = Municipality, PersonIdentityNumber = Person,
            Applicant = new() { Relation = AppV1.ApplicantRelation.Person },
            RequestedRights = { AppV1.RequestedRight.Coordinator, AppV1.RequestedRight.IndividualPlan },
            ExpectedDuration = AppV1.ExpectedDuration.LongTerm, ConditionDescription = Condition,
            // Two services from one home-care unit: coordinated services all the same (issue 15).
            Services =
            {
                new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "home_nursing", Provider = "Heimetenesta Nord" },
                new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "practical_assistance", Provider = "Heimetenesta Nord" },
            },
            Wishes = new() { WantsIndividualPlan = true, WrittenStandard = Common.V1.WrittenStandard.Nn },
        }, citizen, cancellationToken: Ct)).Application;

        // 1b. Another person applies without knowing who provides the services: accepted, and assessed on the services.
        var other = IdentityNumbers.For(new DateOnly(1990, 2, 2));
        var unknownProviders = (await applications.SubmitApplicationAsync(new AppV1.SubmitApplicationRequest
        {
            ClientRequestId = "e2e-2", MunicipalityNumber = Municipality, PersonIdentityNumber = other,
            Applicant = new() { Relation = AppV1.ApplicantRelation.Person },
            RequestedRights = { AppV1.RequestedRight.Coordinator }, ExpectedDuration = AppV1.ExpectedDuration.LongTerm,
            Services = { new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "hjemmesykepleie" }, new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "fysioterapi" } },
        }, TestTokens.Bearer(_tokens.Citizen(other)), cancellationToken: Ct)).Application;
        await Eventually.HoldsAsync(async () =>
        {
            try { return (await assessments.GetAssessmentForApplicationAsync(new() { ApplicationId = unknownProviders.ApplicationId }, caseworker, cancellationToken: Ct)).Assessment.Rights.Single().Preliminary == EliV1.CriterionOutcome.Met; }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return false; }
        }, "the application without providers is pre-assessed as met");

        // 2. Pre-assessed: both rights met; the caseworker decides.
        EliV1.Assessment? assessment = null;
        await Eventually.HoldsAsync(async () =>
        {
            try { assessment = (await assessments.GetAssessmentForApplicationAsync(new() { ApplicationId = submitted.ApplicationId }, caseworker, cancellationToken: Ct)).Assessment; return true; }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return false; }
        }, "the assessment is made");
        Assert.All(assessment!.Rights, r => Assert.Equal(EliV1.CriterionOutcome.Met, r.Preliminary));
        await assessments.DecideAsync(new()
        {
            AssessmentId = assessment.AssessmentId,
            Decisions =
            {
                new EliV1.RightDecisionInput { Right = EliV1.Right.Coordinator, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Langvarige og koordinerte tenester." },
                new EliV1.RightDecisionInput { Right = EliV1.Right.IndividualPlan, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Langvarige og koordinerte tenester." },
            },
        }, caseworker, cancellationToken: Ct);
        await Eventually.HoldsAsync(async () => (await applications.GetApplicationAsync(new() { ApplicationId = submitted.ApplicationId }, citizen, cancellationToken: Ct)).Application.Status == AppV1.ApplicationStatus.Decided,
            "the case is decided");

        // 3. The decision opened a coordination; a coordinator is appointed.
        string coordinationId = "";
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = _plan.Services.CreateAsyncScope();
            coordinationId = scope.ServiceProvider.GetRequiredService<PlanDbContext>().Coordinations.Where(c => c.PersonIdentityNumber == Person).Select(c => c.Id.ToString()).FirstOrDefault() ?? "";
            return coordinationId.Length > 0;
        }, "the coordination is opened");
        await plans.AppointCoordinatorAsync(new()
        {
            CoordinationId = coordinationId,
            Coordinator = new PlanV1.Coordinator { EmployeeId = "k-1", Name = "Kari", OrganisationNumber = "974600951", Email = "kari@kommune.example", Kind = PlanV1.CoordinatorKind.Coordinator, WishFollowed = true },
        }, caseworker, cancellationToken: Ct);

        // 4. The person consents; the coordinator makes the plan.
        await consents.GiveConsentAsync(new ConsentV1.GiveConsentRequest
        {
            MunicipalityNumber = Municipality, SubjectIdentityNumber = Person,
            Givers = { new ConsentV1.Giver { IdentityNumber = Person, Role = ConsentV1.GiverRole.Subject } },
            Purposes = { ConsentV1.ConsentPurpose.IndividualPlan },
        }, citizen, cancellationToken: Ct);
        var plan = (await plans.CreateIndividualPlanAsync(new() { CoordinationId = coordinationId, Content = Plans.PlanHosts.Content() },
            TestTokens.Bearer(_tokens.Employee("k-1", "974600951", Municipality, "coordinator")), cancellationToken: Ct)).Plan;
        Assert.Equal(1, plan.Version);

        // 5. The letters and notices: a receipt, the decision letter (nynorsk, digital mailbox), the appointment, the consent receipt.
        string[] kinds = ["receipt", "decision", "coordinator_appointed", "consent_receipt"];
        async Task<IList<NoteV1.Notice>> MineAsync() => (await notices.ListNoticesAsync(new() { PersonIdentityNumber = Person }, citizen, cancellationToken: Ct)).Notices;
        async Task<List<NoteV1.Notice>> SmsAsync() => [.. await Task.WhenAll((await MineAsync()).Where(n => n.Channel == NoteV1.Channel.Sms)
            .Select(async n => (await notices.GetNoticeAsync(new() { NoticeId = n.NoticeId }, citizen, cancellationToken: Ct)).Notice))];
        static bool Out(NoteV1.Notice n) => n.Status is NoteV1.NoticeStatus.Delivered or NoteV1.NoticeStatus.Sent;
        if (atNight)
        {
            // The letters go at once; every SMS is held back until the morning, and says so.
            await Eventually.HoldsAsync(async () =>
            {
                var mine = await MineAsync();
                return kinds.All(k => mine.Any(n => n.Kind == k))
                    && mine.Where(n => n.Channel != NoteV1.Channel.Sms).All(Out)
                    && (await SmsAsync()).All(n => n.Deliveries.Any(d => d.Outcome == "deferred_night"));
            }, "the letters are delivered and the SMS notices wait for the morning", TimeSpan.FromSeconds(30));
            var waiting = await SmsAsync();
            Assert.NotEmpty(waiting);
            Assert.All(waiting, n => Assert.Equal(NoteV1.NoticeStatus.Pending, n.Status));
            var morning = Domain.NorwegianTime.At(day.AddDays(1), new TimeOnly(8, 0));
            Assert.All(waiting, n => Assert.Contains(morning.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture), n.Deliveries.Single(d => d.Outcome == "deferred_night").Detail, StringComparison.Ordinal));
            _all.Clock.JumpTo(morning.AddSeconds(1));
        }
        await Eventually.HoldsAsync(async () =>
        {
            var mine = await MineAsync();
            return kinds.All(k => mine.Any(n => n.Kind == k)) && mine.All(Out);
        }, "every notice is delivered", TimeSpan.FromSeconds(30));
        var sms = await SmsAsync();
        Assert.NotEmpty(sms);
        Assert.All(sms, n => Assert.Equal(atNight, n.Deliveries.Any(d => d.Outcome == "deferred_night")));
        var decision = (await notices.ListNoticesAsync(new() { PersonIdentityNumber = Person }, citizen, cancellationToken: Ct)).Notices.Single(n => n.Kind == "decision");
        Assert.Equal(Common.V1.WrittenStandard.Nn, decision.WrittenStandard);
        Assert.Contains("Statsforvaltaren", decision.Body, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(_outbox));

        // 6. Every service recorded who touched the person's data, and the person can see it.
        var caseworkerId = "caseworker-1";
        foreach (var channel in new[] { _application.Channel, _eligibility.Channel, _plan.Channel, _consent.Channel, _notification.Channel })
        {
            var log = (await new Audit.V1.AccessLogService.AccessLogServiceClient(channel).ListAccessAsync(new() { SubjectIdentityNumber = Person }, citizen, cancellationToken: Ct)).Records;
            Assert.NotEmpty(log);
            Assert.All(log, r => Assert.False(string.IsNullOrEmpty(r.Action)));
        }
        // Every record names its actor: the citizen by identity number, the Plan service's consent check, the reading of the log itself.
        var consentLog = (await new Audit.V1.AccessLogService.AccessLogServiceClient(_consent.Channel).ListAccessAsync(new() { SubjectIdentityNumber = Person }, citizen, cancellationToken: Ct)).Records;
        Assert.Contains(consentLog, r => r.ActorKind == "citizen" && r.ActorId == Person && r.Action.EndsWith("/GiveConsent", StringComparison.Ordinal));
        Assert.Contains(consentLog, r => r.ActorKind == "service" && r.Action.EndsWith("/CheckConsent", StringComparison.Ordinal));
        Assert.Contains(consentLog, r => r.ActorKind == "citizen" && r.Action.EndsWith("/ListAccess", StringComparison.Ordinal));
        Assert.All(consentLog, r => Assert.False(string.IsNullOrEmpty(r.ActorId)));
        var planLog = (await new Audit.V1.AccessLogService.AccessLogServiceClient(_plan.Channel).ListAccessAsync(new() { SubjectIdentityNumber = Person }, citizen, cancellationToken: Ct)).Records;
        Assert.Contains(planLog, r => r.ActorId == "k-1" && r.Action.EndsWith("/CreateIndividualPlan", StringComparison.Ordinal) && r.Allowed);
        Assert.Contains(planLog, r => r.ActorId == caseworkerId && r.Action.EndsWith("/AppointCoordinator", StringComparison.Ordinal));
        // A list is recorded for each person in it: the caseworker's list of the municipality's cases shows in the person's log.
        await applications.ListApplicationsAsync(new() { MunicipalityNumber = Municipality }, caseworker, cancellationToken: Ct);
        var applicationLog = (await new Audit.V1.AccessLogService.AccessLogServiceClient(_application.Channel).ListAccessAsync(new() { SubjectIdentityNumber = Person }, citizen, cancellationToken: Ct)).Records;
        Assert.Contains(applicationLog, r => r.ActorId == caseworkerId && r.Action.EndsWith("/ListApplications", StringComparison.Ordinal) && r.Resource == $"application:{submitted.ApplicationId}");
        var byEmployee = (await new Audit.V1.AccessLogService.AccessLogServiceClient(_eligibility.Channel).ListAccessAsync(new() { ActorId = caseworkerId }, caseworker, cancellationToken: Ct)).Records;
        Assert.Contains(byEmployee, r => r.Action.EndsWith("/Decide", StringComparison.Ordinal));
        var stranger = await Assert.ThrowsAsync<RpcException>(() => new Audit.V1.AccessLogService.AccessLogServiceClient(_plan.Channel)
            .ListAccessAsync(new() { SubjectIdentityNumber = Person }, TestTokens.Bearer(_tokens.Citizen(IdentityNumbers.For(new DateOnly(1980, 1, 1)))), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);

        // The audit table is append-only, even for the service's own role.
        await using (var scope = _plan.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanDbContext>();
            var update = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_records SET allowed = false", Ct));
            Assert.Contains(update.SqlState, new[] { "P0001", "42501" });
            var truncate = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_records", Ct));
            Assert.Contains(truncate.SqlState, new[] { "P0001", "42501" });
        }

        // 7. Nothing personal in any log line of any of the five services.
        var lines = _logs.Lines.ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(Person, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Condition, StringComparison.OrdinalIgnoreCase));
    }

    public ValueTask DisposeAsync() => _all?.DisposeAsync() ?? ValueTask.CompletedTask;
}
