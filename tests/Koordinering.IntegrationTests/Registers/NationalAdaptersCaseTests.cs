using Grpc.Core;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AppV1 = Koordinering.Application.V1;
using EliV1 = Koordinering.Eligibility.V1;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// Issue 21's whole case: all five services with the national registers and channels behind fakes on loopback
/// (Maskinporten, KRR, Folkeregisteret, an SMS gateway, SvarUt). A receipt goes by SMS, a decision as a PDF to the
/// digital mailbox and on paper to one who is not digital, a child's letters to the guardian Folkeregisteret names;
/// then each fake answers errors and stalls for a while, and every notice still goes out exactly once.
/// </summary>
public sealed class NationalAdaptersCaseTests : IAsyncLifetime
{
    private const string Municipality = "5001";
    private const string ServiceId = "koordinering-avsender";
    private const string Secret = "svarut-hemmelig";
    private static readonly string Adult = IdentityNumbers.For(new DateOnly(1978, 4, 14));
    private static readonly string NotDigital = IdentityNumbers.For(new DateOnly(1950, 5, 15));
    private static readonly string Guardian = IdentityNumbers.For(new DateOnly(1986, 6, 16));
    private readonly FakeMaskinporten _maskinporten = new();
    private readonly FakeKrr _krr = new();
    private readonly FakeFolkeregisteret _folkeregisteret = new();
    private readonly FakeSmsGateway _sms = new();
    private readonly FakeSvarUt _svarUt = new(ServiceId, Secret);
    private readonly Dictionary<string, Faults> _faults = [];
    private AllServices _all = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Child(int round) => IdentityNumbers.For(new DateOnly(2015, 1, 10 + round));

    public async ValueTask InitializeAsync()
    {
        _krr.Digital(Adult, "+4791000001").Digital(Guardian, "+4791000003").Reserved(NotDigital);
        _svarUt.Digital(Adult).Digital(Guardian);
        for (var round = 0; round <= 4; round++)
        {
            _folkeregisteret.ParentalResponsibility(Guardian, Child(round));
        }
        foreach (var (name, server) in new[] { ("KRR", _krr.Server), ("Folkeregisteret", _folkeregisteret.Server), ("SMS gateway", _sms.Server), ("SvarUt", _svarUt.Server) })
        {
            var faults = new Faults();
            faults.Around(server);
            _faults[name] = faults;
        }
        var settings = new Dictionary<string, string>(_maskinporten.Settings(withCertificate: true))
        {
            ["ContactRegister:BaseUrl"] = _krr.BaseAddress,
            ["PopulationRegister:Folkeregisteret:BaseUrl"] = _folkeregisteret.BaseAddress,
            ["Notification:SmsGatewayUrl"] = _sms.BaseAddress,
            ["Notification:SvarUt:BaseUrl"] = _svarUt.BaseAddress,
            ["Notification:SvarUt:ServiceId"] = ServiceId,
            ["Notification:SvarUt:Secret"] = Secret,
            ["Notification:SvarUt:AttemptTimeout"] = "00:00:01",
            ["Notification:SvarUt:TotalTimeout"] = "00:00:02.500",
            ["Notification:SvarUt:RetryDelay"] = "00:00:00.050",
            ["Notification:RetryBaseDelay"] = "00:00:00.200",
            ["Notification:MaxAttemptsPerChannel"] = "30",
            ["Eventing:MaxAttempts"] = "30",
            // Every lookup asks the register, so a failing register is met on every event.
            ["ContactRegister:CacheFor"] = "00:00:00",
            ["PopulationRegister:Folkeregisteret:CacheFor"] = "00:00:00",
            // Short timeouts and back-off for every adapter, so a stalled fake costs seconds.
            ["Resilience:Adapters:AttemptTimeout:Timeout"] = "00:00:01",
            ["Resilience:Adapters:TotalRequestTimeout:Timeout"] = "00:00:02.500",
            ["Resilience:Adapters:Retry:Delay"] = "00:00:00.050",
            ["Resilience:Adapters:CircuitBreaker:SamplingDuration"] = "00:00:05",
            ["Resilience:Adapters:CircuitBreaker:BreakDuration"] = "00:00:00.500",
        };
        _all = await AllServices.StartAsync("national", settings: settings);
    }

    [Fact]
    public async Task A_whole_case_through_the_national_adapters_sends_each_notice_once_whichever_fake_fails()
    {
        // A digital adult: the receipt by SMS, the decision as a PDF to the digital mailbox.
        var adult = await WalkCaseAsync(Adult, Adult, "national-adult");
        var receipt = await DeliveredAsync(adult, "receipt", Adult);
        Assert.Equal([Channel.Sms], receipt.Channels);
        Assert.Equal("+4791000001", _sms.Sent[receipt.Id.ToString()].Destination);
        var decision = await DeliveredAsync(adult, "decision", Adult);
        var shipment = _svarUt.Shipments[decision.Id.ToString()];
        Assert.Equal((Adult, false, true), (shipment.Recipient, shipment.Printed, shipment.Pdf));
        Assert.Contains(decision.Deliveries, d => d.Channel == Channel.DigitalMailbox && d.Outcome == "sent" && d.Detail!.Contains(shipment.Id, StringComparison.Ordinal));

        // Reserved in KRR: no SMS receipt (nothing to send it to), the decision printed on paper.
        var reserved = await WalkCaseAsync(NotDigital, NotDigital, "national-reserved");
        Assert.Equal(NoticeStatus.NotSent, (await NoticeAsync(reserved, "receipt", NotDigital))!.Status);
        var paper = await DeliveredAsync(reserved, "decision", NotDigital);
        Assert.Equal([Channel.Paper], paper.Channels);
        var printed = _svarUt.Shipments[paper.Id.ToString()];
        Assert.Equal((NotDigital, true, true), (printed.Recipient, printed.Printed, printed.Pdf));

        // A child: Folkeregisteret names the guardian, who gets the receipt by SMS and the decision in the digital mailbox.
        await ChildCaseAsync(0);
        Assert.All(_faults.Values, f => Assert.True(f.Over));

        // Each fake in turn answers 503 three times and then stalls twice past the attempt timeout. Folkeregisteret's
        // trouble starts after the application is in (the Application service asks it too, and a citizen would try again).
        var round = 0;
        foreach (var (name, faults) in _faults)
        {
            round++;
            await ChildCaseAsync(round, name == "Folkeregisteret" ? null : faults, name == "Folkeregisteret" ? faults : null);
            Assert.True(faults.Over, $"{name} was not asked through its faults");
        }

        // Nothing lost, nothing twice: every notice that went out is one message or one shipment, and nothing else was sent.
        await using var scope = _all.Notification.Services.CreateAsyncScope();
        var notices = await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.AsNoTracking().Include(n => n.Deliveries).ToListAsync(Ct);
        Assert.DoesNotContain(notices, n => n.Status is NoticeStatus.Pending or NoticeStatus.Failed);
        List<string> SentBy(params Channel[] channels) =>
            [.. notices.Where(n => n.Deliveries.Any(d => d.Outcome == "sent" && d.Channel is { } c && channels.Contains(c))).Select(n => n.Id.ToString()).Order()];
        var sms = SentBy(Channel.Sms);
        var letters = SentBy(Channel.DigitalMailbox, Channel.Paper);
        Assert.True(sms.Count >= 6, $"{sms.Count} SMS"); // the adult's receipt and the guardian's for each of the five children
        Assert.True(letters.Count >= 7, $"{letters.Count} letters"); // a decision for each of the seven cases
        Assert.Equal(sms, _sms.Sent.Keys.Order().ToList());
        Assert.Equal(letters, _svarUt.Shipments.Keys.Order().ToList());
        Assert.All(notices.Where(n => n.Status == NoticeStatus.Sent), n => Assert.Single(n.Deliveries, d => d.Outcome == "sent"));
        // The stalls made the adapters ask again with the same key, and the key kept it to one message.
        Assert.Contains(_sms.Requests.Values, n => n > 1);
        Assert.Contains(_svarUt.Requests.Values, n => n > 1);
    }

    private async Task ChildCaseAsync(int round, Faults? fromTheStart = null, Faults? beforeTheDecision = null)
    {
        var child = Child(round);
        Arm(fromTheStart);
        var application = await SubmitAsync(child, Guardian, $"national-child-{round}");
        var receipt = await DeliveredAsync(application, "receipt", Guardian);
        Arm(beforeTheDecision);
        await DecideAsync(application);
        Assert.Equal("+4791000003", _sms.Sent[receipt.Id.ToString()].Destination);
        var decision = await DeliveredAsync(application, "decision", Guardian);
        Assert.Equal(child, decision.PersonIdentityNumber);
        var shipment = _svarUt.Shipments[decision.Id.ToString()];
        Assert.Equal((Guardian, false), (shipment.Recipient, shipment.Printed));
        Assert.Null(await NoticeAsync(application, "decision", child));
    }

    private static void Arm(Faults? faults)
    {
        if (faults is not null)
        {
            faults.Errors = 3;
            faults.Stalls = 2;
        }
    }

    /// <summary>The application, its pre-assessment and the caseworker's decision; the application's id.</summary>
    private async Task<Guid> WalkCaseAsync(string person, string applicant, string requestId)
    {
        var application = await SubmitAsync(person, applicant, requestId);
        await DecideAsync(application);
        return application;
    }

    private async Task<Guid> SubmitAsync(string person, string applicant, string requestId)
    {
        var applications = new AppV1.ApplicationService.ApplicationServiceClient(_all.Application.Channel);
        var submitted = (await applications.SubmitApplicationAsync(new AppV1.SubmitApplicationRequest
        {
            ClientRequestId = requestId, MunicipalityNumber = Municipality, PersonIdentityNumber = person,
            Applicant = new() { Relation = person == applicant ? AppV1.ApplicantRelation.Person : AppV1.ApplicantRelation.ParentOrGuardian },
            RequestedRights = { AppV1.RequestedRight.Coordinator, AppV1.RequestedRight.IndividualPlan },
            ExpectedDuration = AppV1.ExpectedDuration.LongTerm,
            Services =
            {
                new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "home_nursing", Provider = "Hjemmesykepleien" },
                new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "physiotherapy", Provider = "Fysioterapitjenesten" },
            },
            Wishes = new() { WantsIndividualPlan = true, WrittenStandard = Common.V1.WrittenStandard.Nb },
        }, TestTokens.Bearer(_all.Tokens.Citizen(applicant)), cancellationToken: Ct)).Application;
        return Guid.Parse(submitted.ApplicationId);
    }

    private async Task DecideAsync(Guid application)
    {
        var caseworker = TestTokens.Bearer(_all.Tokens.Caseworker(Municipality));
        var assessments = new EliV1.EligibilityService.EligibilityServiceClient(_all.Eligibility.Channel);
        EliV1.Assessment? assessment = null;
        await Eventually.HoldsAsync(async () =>
        {
            try { assessment = (await assessments.GetAssessmentForApplicationAsync(new() { ApplicationId = application.ToString() }, caseworker, cancellationToken: Ct)).Assessment; return true; }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return false; }
        }, "the assessment is made", TimeSpan.FromSeconds(60));
        await assessments.DecideAsync(new()
        {
            AssessmentId = assessment!.AssessmentId,
            Decisions =
            {
                new EliV1.RightDecisionInput { Right = EliV1.Right.Coordinator, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Langvarige og koordinerte tjenester." },
                new EliV1.RightDecisionInput { Right = EliV1.Right.IndividualPlan, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Langvarige og koordinerte tjenester." },
            },
        }, caseworker, cancellationToken: Ct);
    }

    private async Task<Notice?> NoticeAsync(Guid caseId, string kind, string recipient)
    {
        Notice? notice = null;
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = _all.Notification.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
            var kinds = await db.Notices.AsNoTracking().Where(n => n.CaseId == caseId).Select(n => n.Kind).ToListAsync(Ct);
            notice = await db.Notices.AsNoTracking().Include(n => n.Deliveries)
                .FirstOrDefaultAsync(n => n.CaseId == caseId && n.Kind == kind && n.RecipientIdentityNumber == recipient, Ct);
            return notice is not null || kinds.Contains(kind);
        }, $"the {kind} notice is planned", TimeSpan.FromSeconds(60));
        return notice;
    }

    /// <summary>Waits until the notice has gone out (sent through its channel), and returns it.</summary>
    private async Task<Notice> DeliveredAsync(Guid caseId, string kind, string recipient)
    {
        Notice? notice = null;
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = _all.Notification.Services.CreateAsyncScope();
            notice = await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.AsNoTracking().Include(n => n.Deliveries)
                .FirstOrDefaultAsync(n => n.CaseId == caseId && n.Kind == kind && n.RecipientIdentityNumber == recipient, Ct);
            return notice?.Status == NoticeStatus.Sent;
        }, $"the {kind} notice is sent", TimeSpan.FromSeconds(60),
            () => Task.FromResult($"status {notice?.Status}, deliveries: {string.Join("; ", notice?.Deliveries.Select(d => $"{d.Channel} {d.Outcome}") ?? [])}"));
        return notice!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_all is not null) await _all.DisposeAsync();
        await _svarUt.DisposeAsync();
        await _sms.DisposeAsync();
        await _folkeregisteret.DisposeAsync();
        await _krr.DisposeAsync();
        await _maskinporten.DisposeAsync();
    }
}
