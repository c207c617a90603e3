using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Plan.Data;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AppV1 = Koordinering.Application.V1;
using AuditV1 = Koordinering.Audit.V1;
using ConsentV1 = Koordinering.Consent.V1;
using EliV1 = Koordinering.Eligibility.V1;
using NoteV1 = Koordinering.Notification.V1;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.Security;

/// <summary>
/// The access matrix, as data: every RPC that takes an id, a person or a municipality, called by
/// each persona against one real case (all five services, real databases), each expecting its
/// answer. Adding an RPC means adding its row; <see cref="Every_RPC_that_takes_an_id_or_a_person_has_a_row"/> fails until it has one.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.TheCase @case) : IClassFixture<AccessMatrixTests.TheCase>
{
    /// <summary>The personas, in the order of the matrix's columns.</summary>
    public static readonly string[] Personas =
    [
        "A",   // citizen A: the child the case is about (15)
        "B",   // citizen B: an unrelated adult
        "G",   // A's guardian, per the population register
        "CW",  // a caseworker of A's municipality
        "CW2", // a caseworker of another municipality, with the same employee id
        "CO",  // A's coordinator
        "CO2", // another coordinator: the same employee id at another organisation and municipality
        "PC",  // a participant in A's plan whom A's consent names
        "PN",  // a participant in A's plan whom no consent names
        "SY",  // a system client with the read scopes, serving A's municipality
        "SN",  // the same system client without any scope
        "SX",  // a system client with the read scopes, serving another municipality
    ];

    // ok: allowed (OK, or a state error after access was granted: FailedPrecondition, Aborted, AlreadyExists),
    //     and a read returns something; empty: allowed, and returns nothing; nf: NotFound; pd: PermissionDenied.
    private static readonly Dictionary<string, (Func<TheCase, Metadata, Task<int?>> Call, string Expected)> Matrix = new()
    {
        //                                                                                                  A     B     G     CW    CW2   CO    CO2   PC    PN    SY    SN    SX
        ["ApplicationService/SubmitApplication"] = (async (c, m) => One(await c.Applications.SubmitApplicationAsync(TheCase.Submission("matrix"), m)), "pd    pd    ok    ok    pd    ok    pd    ok    ok    pd    pd    pd"),
        ["ApplicationService/GetApplication"] = (async (c, m) => One(await c.Applications.GetApplicationAsync(new() { ApplicationId = c.ApplicationId }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    ok    nf    nf"),
        ["ApplicationService/GetApplicationHistory"] = (async (c, m) => (await c.Applications.GetApplicationHistoryAsync(new() { ApplicationId = c.ApplicationId }, m)).Entries.Count, "ok    nf    ok    ok    nf    nf    nf    nf    nf    ok    nf    nf"),
        ["ApplicationService/ListMyApplications"] = (async (c, m) => (await c.Applications.ListMyApplicationsAsync(new(), m)).Applications.Count, "ok    empty ok    pd    pd    pd    pd    pd    pd    pd    pd    pd"),
        ["ApplicationService/ListApplications"] = (async (c, m) => (await c.Applications.ListApplicationsAsync(new() { MunicipalityNumber = TheCase.Municipality }, m)).Applications.Count, "pd    pd    pd    ok    pd    pd    pd    pd    pd    ok    pd    pd"),
        ["ApplicationService/WithdrawApplication"] = (async (c, m) => One(await c.Applications.WithdrawApplicationAsync(new() { ApplicationId = c.ApplicationId, Reason = "Trekker søknaden." }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    pd    nf    nf"),
        ["ApplicationService/RecordInterimReply"] = (async (c, m) => One(await c.Applications.RecordInterimReplyAsync(new() { ApplicationId = c.ApplicationId, Reason = "Venter på opplysninger.", ExpectedDecisionDate = TheCase.InDays(20) }, m)), "pd    pd    pd    ok    nf    nf    nf    nf    nf    pd    nf    nf"),
        ["ApplicationService/RegisterAppeal"] = (async (c, m) => One(await c.Applications.RegisterAppealAsync(new() { ApplicationId = c.ApplicationId, Grounds = "Uenig i vedtaket." }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    pd    nf    nf"),
        ["ApplicationService/ForwardAppeal"] = (async (c, m) => One(await c.Applications.ForwardAppealAsync(new() { ApplicationId = c.ApplicationId }, m)), "pd    pd    pd    ok    nf    nf    nf    nf    nf    pd    nf    nf"),
        // A's case names no parents: the caseworker gets FailedPrecondition after access is granted.
        ["ApplicationService/ConfirmParent"] = (async (c, m) => One(await c.Applications.ConfirmParentAsync(new() { ApplicationId = c.ApplicationId, ParentIdentityNumber = TheCase.G }, m)), "pd    pd    pd    ok    nf    nf    nf    nf    nf    pd    pd    pd"),
        ["ApplicationService/RecordAppealOutcome"] = (async (c, m) => One(await c.Applications.RecordAppealOutcomeAsync(new() { ApplicationId = c.ApplicationId, Outcome = AppV1.AppealOutcome.Upheld }, m)), "pd    pd    pd    ok    nf    nf    nf    nf    nf    pd    nf    nf"),

        ["EligibilityService/GetAssessment"] = (async (c, m) => One(await c.Assessments.GetAssessmentAsync(new() { AssessmentId = c.AssessmentId }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    ok    nf    nf"),
        ["EligibilityService/GetAssessmentForApplication"] = (async (c, m) => One(await c.Assessments.GetAssessmentForApplicationAsync(new() { ApplicationId = c.ApplicationId }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    ok    nf    nf"),
        ["EligibilityService/ListAwaitingJudgement"] = (async (c, m) => MayBeEmpty(await c.Assessments.ListAwaitingJudgementAsync(new() { MunicipalityNumber = TheCase.Municipality }, m)), "pd    pd    pd    ok    pd    pd    pd    pd    pd    ok    pd    pd"),
        ["EligibilityService/RecordFinding"] = (async (c, m) => One(await c.Assessments.RecordFindingAsync(new() { AssessmentId = c.AssessmentId, CriterionId = c.CriterionId, Finding = EliV1.CriterionOutcome.Met, Grounds = "Kartlagt." }, m)), "pd    pd    pd    ok    nf    nf    nf    nf    nf    pd    nf    nf"),
        ["EligibilityService/Decide"] = (async (c, m) => One(await c.Assessments.DecideAsync(new() { AssessmentId = c.AssessmentId, Decisions = { TheCase.Grant(EliV1.Right.Coordinator) } }, m)), "pd    pd    pd    ok    nf    nf    nf    nf    nf    pd    nf    nf"),
        ["EligibilityService/ReverseDecision"] = (async (c, m) => One(await c.Assessments.ReverseDecisionAsync(new() { AssessmentId = c.AssessmentId, Decision = TheCase.Grant(EliV1.Right.Coordinator) }, m)), "pd    pd    pd    ok    nf    nf    nf    nf    nf    pd    nf    nf"),

        ["PlanService/GetCoordination"] = (async (c, m) => One(await c.Plans.GetCoordinationAsync(new() { CoordinationId = c.CoordinationId }, m)), "ok    nf    ok    ok    nf    ok    nf    nf    nf    ok    nf    nf"),
        ["PlanService/AppointCoordinator"] = (async (c, m) => One(await c.Plans.AppointCoordinatorAsync(new() { CoordinationId = c.CoordinationId, Coordinator = TheCase.TheCoordinator() }, m)), "pd    pd    pd    ok    nf    pd    nf    nf    nf    pd    pd    pd"),
        ["PlanService/CreateIndividualPlan"] = (async (c, m) => One(await c.Plans.CreateIndividualPlanAsync(new() { CoordinationId = c.CoordinationId, Content = TheCase.PlanContent() }, m)), "pd    pd    pd    ok    nf    ok    nf    nf    nf    pd    pd    pd"),
        ["PlanService/CreateServiceOverview"] = (async (c, m) => One(await c.Plans.CreateServiceOverviewAsync(new() { CoordinationId = c.CoordinationId, Services = { TheCase.Service() } }, m)), "pd    pd    pd    ok    nf    ok    nf    nf    nf    pd    pd    pd"),
        ["PlanService/GetPlan"] = (async (c, m) => One(await c.Plans.GetPlanAsync(new() { PlanId = c.PlanId }, m)), "ok    nf    ok    ok    nf    ok    nf    ok    nf    ok    nf    nf"),
        ["PlanService/UpdatePlan"] = (async (c, m) => One(await c.Plans.UpdatePlanAsync(new() { PlanId = c.PlanId, ExpectedVersion = 999, Content = TheCase.PlanContent() }, m)), "pd    pd    pd    pd    nf    ok    nf    pd    nf    pd    pd    pd"),
        ["PlanService/ProposeChange"] = (async (c, m) => One(await c.Plans.ProposeChangeAsync(new() { PlanId = c.PlanId, Proposal = "Mer fysioterapi." }, m)), "ok    nf    ok    pd    pd    pd    pd    pd    pd    pd    pd    pd"),
        ["PlanService/ClosePlan"] = (async (c, m) => One(await c.Plans.ClosePlanAsync(new() { PlanId = c.PlanId, ExpectedVersion = 999 }, m)), "pd    pd    pd    ok    nf    ok    nf    pd    nf    pd    pd    pd"),
        ["PlanService/GetPlanHistory"] = (async (c, m) => (await c.Plans.GetPlanHistoryAsync(new() { PlanId = c.PlanId }, m)).Revisions.Count, "ok    nf    ok    ok    nf    ok    nf    ok    nf    ok    nf    nf"),
        ["PlanService/ScheduleMeeting"] = (async (c, m) => One(await c.Plans.ScheduleMeetingAsync(TheCase.Meeting(c.PlanId), m)), "pd    pd    pd    pd    nf    ok    nf    pd    nf    pd    pd    pd"),
        ["PlanService/RescheduleMeeting"] = (async (c, m) => One(await c.Plans.RescheduleMeetingAsync(new() { MeetingId = c.MeetingId, StartsAt = TheCase.At(9, 10), EndsAt = TheCase.At(9, 11), Place = "Rådhuset" }, m)), "pd    pd    pd    pd    nf    ok    nf    pd    nf    pd    pd    pd"),
        ["PlanService/CancelMeeting"] = (async (c, m) => One(await c.Plans.CancelMeetingAsync(new() { MeetingId = c.SpareMeetingId, Reason = "Sykdom." }, m)), "pd    pd    pd    pd    nf    ok    nf    pd    nf    pd    pd    pd"),
        ["PlanService/RecordMinutes"] = (async (c, m) => One(await c.Plans.RecordMinutesAsync(new() { MeetingId = c.MeetingId, Minutes = "Gjennomgang av planen." }, m)), "pd    pd    pd    pd    nf    ok    nf    pd    nf    pd    pd    pd"),
        ["PlanService/GetCalendar"] = (async (c, m) => (await c.Plans.GetCalendarAsync(new() { PlanId = c.PlanId }, m)).Entries.Count, "ok    nf    ok    ok    nf    ok    nf    ok    nf    ok    nf    nf"),
        // A lead service (samordningsansvarlig): the person and guardian read, the caseworker administers, a taking-part service reads under consent.
        ["CoordinationLeadService/DesignateCoordinationLead"] = (async (c, m) => One(await c.CoordinationLeads.DesignateCoordinationLeadAsync(TheCase.CoordinationLead(), m)), "pd    pd    pd    ok    pd    pd    pd    pd    pd    pd    pd    pd"),
        ["CoordinationLeadService/GetCoordinationLead"] = (async (c, m) => One(await c.CoordinationLeads.GetCoordinationLeadAsync(new() { CoordinationLeadId = c.CoordinationLeadId }, m)), "ok    nf    ok    ok    nf    nf    nf    ok    nf    ok    nf    nf"),
        ["CoordinationLeadService/ListCoordinationLeads"] = (async (c, m) => (await c.CoordinationLeads.ListCoordinationLeadsAsync(new() { PersonIdentityNumber = TheCase.A }, m)).CoordinationLeads.Count, "ok    empty ok    ok    empty empty empty ok    empty ok    empty empty"),
        ["CoordinationLeadService/ChangeCoordinationLead"] = (async (c, m) => One(await c.CoordinationLeads.ChangeCoordinationLeadAsync(new() { CoordinationLeadId = c.CoordinationLeadId, Lead = TheCase.CoordinationLead().Lead, Contact = TheCase.CoordinationLead().Contact, ParticipatingServices = { TheCase.CoordinationLead().ParticipatingServices } }, m)), "pd    pd    pd    ok    nf    nf    nf    pd    nf    pd    pd    pd"),
        ["CoordinationLeadService/EndCoordinationLead"] = (async (c, m) => One(await c.CoordinationLeads.EndCoordinationLeadAsync(new() { CoordinationLeadId = c.CoordinationLeadId, Reason = "Behovet for samarbeid er over." }, m)), "pd    pd    pd    ok    nf    nf    nf    pd    nf    pd    pd    pd"),
        // A conversation is read and written as the plan is read; only its author edits a message (the seeded one is the coordinator's).
        ["ConversationService/PostMessage"] = (async (c, m) => One(await c.Conversations.PostMessageAsync(new() { CoordinationId = c.CoordinationId, Text = "Hei fra matrisen." }, m)), "ok    nf    ok    ok    nf    ok    nf    ok    nf    pd    pd    pd"),
        ["ConversationService/ListMessages"] = (async (c, m) => (await c.Conversations.ListMessagesAsync(new() { CoordinationId = c.CoordinationId }, m)).Messages.Count, "ok    nf    ok    ok    nf    ok    nf    ok    nf    pd    pd    pd"),
        ["ConversationService/EditMessage"] = (async (c, m) => One(await c.Conversations.EditMessageAsync(new() { MessageId = c.MessageId, Text = "Endret." }, m)), "pd    nf    pd    pd    nf    ok    nf    pd    nf    pd    pd    pd"),
        ["PlanService/RecordEvaluation"] = (async (c, m) => One(await c.Plans.RecordEvaluationAsync(new() { PlanId = c.PlanId, ExpectedVersion = 999, Summary = "Godt i gang.", NextEvaluationDate = TheCase.InDays(90) }, m)), "pd    pd    pd    pd    nf    ok    nf    pd    nf    pd    pd    pd"),

        ["ConsentService/GiveConsent"] = (async (c, m) => One(await c.Consents.GiveConsentAsync(TheCase.ConsentRequest(paper: false), m)), "pd    pd    ok    pd    pd    pd    pd    pd    pd    pd    pd    pd"),
        ["ConsentService/GiveConsent (paper)"] = (async (c, m) => One(await c.Consents.GiveConsentAsync(TheCase.ConsentRequest(paper: true), m)), "pd    pd    pd    ok    pd    pd    pd    pd    pd    pd    pd    pd"),
        ["ConsentService/GetConsent"] = (async (c, m) => One(await c.Consents.GetConsentAsync(new() { ConsentId = c.ConsentId }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    ok    nf    nf"),
        ["ConsentService/GetConsentHistory"] = (async (c, m) => (await c.Consents.GetConsentHistoryAsync(new() { ConsentId = c.ConsentId }, m)).Entries.Count, "ok    nf    ok    ok    nf    nf    nf    nf    nf    ok    nf    nf"),
        ["ConsentService/WithdrawConsent"] = (async (c, m) => One(await c.Consents.WithdrawConsentAsync(new() { ConsentId = c.SpareConsentId }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    pd    pd    pd"),
        ["ConsentService/WithdrawParty"] = (async (c, m) => One(await c.Consents.WithdrawPartyAsync(new() { ConsentId = c.SpareConsentId, PartyId = c.SparePartyId }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    pd    pd    pd"),
        ["ConsentService/CheckConsent"] = (async (c, m) => (await c.Consents.CheckConsentAsync(new() { SubjectIdentityNumber = TheCase.A, Purpose = ConsentV1.ConsentPurpose.ParticipantAccess, OrganisationNumber = TheCase.ParticipantWithConsent }, m)).Allowed ? 1 : 0, "ok    pd    ok    ok    empty pd    pd    pd    pd    ok    pd    empty"),
        ["ConsentService/ListSubjectConsents"] = (async (c, m) => (await c.Consents.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = TheCase.A }, m)).Consents.Count, "ok    pd    ok    ok    empty pd    pd    pd    pd    ok    pd    empty"),
        ["ConsentService/ListMunicipalityConsents"] = (async (c, m) => (await c.Consents.ListMunicipalityConsentsAsync(new() { MunicipalityNumber = TheCase.Municipality }, m)).Consents.Count, "pd    pd    pd    ok    pd    pd    pd    pd    pd    ok    pd    pd"),
        ["ConsentService/ListRenewalsDue"] = (async (c, m) => MayBeEmpty(await c.Consents.ListRenewalsDueAsync(new() { MunicipalityNumber = TheCase.Municipality }, m)), "pd    pd    pd    ok    pd    pd    pd    pd    pd    ok    pd    pd"),

        ["NotificationService/GetNotice"] = (async (c, m) => One(await c.Notices.GetNoticeAsync(new() { NoticeId = c.NoticeId }, m)), "ok    nf    ok    ok    nf    nf    nf    nf    nf    ok    nf    nf"),
        ["NotificationService/ListNotices"] = (async (c, m) => (await c.Notices.ListNoticesAsync(new() { PersonIdentityNumber = TheCase.A }, m)).Notices.Count, "ok    empty ok    ok    empty pd    pd    pd    pd    ok    pd    empty"),
        ["NotificationService/ResendNotice"] = (async (c, m) => One(await c.Notices.ResendNoticeAsync(new() { NoticeId = c.NoticeId }, m)), "pd    pd    pd    pd    pd    pd    pd    pd    pd    pd    pd    pd"),

        ["AccessLogService/ListAccess"] = (async (c, m) => (await c.AccessLog.ListAccessAsync(new() { SubjectIdentityNumber = TheCase.A }, m)).Records.Count, "ok    pd    ok    ok    empty pd    pd    pd    pd    pd    pd    pd"),
    };

    /// <summary>RPCs that take no id, person or municipality, or are for operators only: they are not in the matrix.</summary>
    private static readonly string[] NotInMatrix =
    [
        "PlanService/GetMyCalendar", // the caller's own calendar, by their identity
        "ConversationService/ListMyConversations", // the caller's own conversations, by their identity
        "EventAdminService/ListDeadLetters", // operators, no personal data
        "EventAdminService/ReplayDeadLetter",
        "Health/Check",
        "Health/Watch",
    ];

    public static TheoryData<string> Rows => [.. Matrix.Keys];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_persona_gets_the_expected_answer(string rpc)
    {
        var (call, expectedRow) = Matrix[rpc];
        var expected = expectedRow.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Personas.Length, expected.Length);
        var wrong = new List<string>();
        for (var i = 0; i < Personas.Length; i++)
        {
            var actual = await OutcomeAsync(() => call(@case, @case.Token(Personas[i])));
            if (actual != expected[i])
            {
                wrong.Add($"{Personas[i]}: expected {expected[i]}, got {actual}");
            }
        }
        Assert.True(wrong.Count == 0, $"{rpc}:\n{string.Join('\n', wrong)}");
    }

    [Fact]
    public void Every_RPC_that_takes_an_id_or_a_person_has_a_row()
    {
        var rpcs = Koordinering.ServiceDefaults.Security.RpcPolicies.ByMethod.Keys
            .Select(m => m[(m.LastIndexOf('.') + 1)..])
            .ToHashSet();
        var covered = Matrix.Keys.Select(k => k.Split(' ')[0]).Concat(NotInMatrix).ToHashSet();
        Assert.Empty(rpcs.Except(covered));
        Assert.Empty(covered.Except(rpcs));
    }

    private static int One(object _) => 1;

    /// <summary>A list that may rightly be empty for an allowed caller: only allow or deny is asserted.</summary>
    private static int? MayBeEmpty(object _) => null;

    private static async Task<string> OutcomeAsync(Func<Task<int?>> call)
    {
        try
        {
            var count = await call();
            return count == 0 ? "empty" : "ok";
        }
        catch (RpcException ex)
        {
            return ex.StatusCode switch
            {
                StatusCode.NotFound => "nf",
                StatusCode.PermissionDenied => "pd",
                StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.AlreadyExists => "ok",
                _ => $"{ex.StatusCode} ({ex.Status.Detail})",
            };
        }
    }

    /// <summary>One whole case for citizen A, made once through the services' own APIs.</summary>
    public sealed class TheCase : IAsyncLifetime
    {
        public const string Municipality = "5001";
        public const string OtherMunicipality = "3403";
        public const string CoordinatorOrganisation = "974600951";
        public const string OtherCoordinatorOrganisation = "911111113";
        public const string ParticipantWithConsent = "987654325";
        public const string ParticipantWithoutConsent = "922222226";
        public const string SystemClient = "991825827";
        public const string OtherSystemClient = "944444448";
        public static readonly string A = IdentityNumbers.For(DateOnly.FromDateTime(RunningClock.TuesdayMorning.Date).AddYears(-15).AddDays(-100));
        public static readonly string B = IdentityNumbers.For(new DateOnly(1985, 6, 2));
        public static readonly string G = IdentityNumbers.For(new DateOnly(1980, 2, 11));

        private static readonly string[] ReadScopes =
        [
            "koordinering:application.read", "koordinering:eligibility.read", "koordinering:plan.read",
            "koordinering:consent.read", "koordinering:consent.check", "koordinering:notification.read",
        ];

        private AllServices _all = null!;

        public string ApplicationId { get; private set; } = "";
        public string AssessmentId { get; private set; } = "";
        public string CriterionId { get; private set; } = "";
        public string CoordinationId { get; private set; } = "";
        public string PlanId { get; private set; } = "";
        public string CoordinationLeadId { get; private set; } = "";
        public string MeetingId { get; private set; } = "";
        public string SpareMeetingId { get; private set; } = "";
        public string ConsentId { get; private set; } = "";
        public string SpareConsentId { get; private set; } = "";
        public string SparePartyId { get; private set; } = "";
        public string NoticeId { get; private set; } = "";
        public string MessageId { get; private set; } = "";

        public AppV1.ApplicationService.ApplicationServiceClient Applications => new(_all.Application.Channel);
        public EliV1.EligibilityService.EligibilityServiceClient Assessments => new(_all.Eligibility.Channel);
        public PlanV1.PlanService.PlanServiceClient Plans => new(_all.Plan.Channel);
        public PlanV1.CoordinationLeadService.CoordinationLeadServiceClient CoordinationLeads => new(_all.Plan.Channel);
        public PlanV1.ConversationService.ConversationServiceClient Conversations => new(_all.Plan.Channel);
        public ConsentV1.ConsentService.ConsentServiceClient Consents => new(_all.Consent.Channel);
        public NoteV1.NotificationService.NotificationServiceClient Notices => new(_all.Notification.Channel);
        public AuditV1.AccessLogService.AccessLogServiceClient AccessLog => new(_all.Plan.Channel);

        public Metadata Token(string persona) => TestTokens.Bearer(persona switch
        {
            "A" => _all.Tokens.Citizen(A),
            "B" => _all.Tokens.Citizen(B),
            "G" => _all.Tokens.Citizen(G),
            "CW" => _all.Tokens.Caseworker(Municipality),
            "CW2" => _all.Tokens.Caseworker(OtherMunicipality),
            "CO" => _all.Tokens.Employee("k-1", CoordinatorOrganisation, Municipality, "coordinator"),
            "CO2" => _all.Tokens.Employee("k-1", OtherCoordinatorOrganisation, OtherMunicipality, "coordinator"),
            "PC" => _all.Tokens.Employee("p-1", ParticipantWithConsent, Municipality, "service-provider"),
            "PN" => _all.Tokens.Employee("p-2", ParticipantWithoutConsent, Municipality, "service-provider"),
            "SY" => _all.Tokens.System(SystemClient, ReadScopes),
            "SN" => _all.Tokens.System(SystemClient),
            "SX" => _all.Tokens.System(OtherSystemClient, ReadScopes),
            _ => throw new ArgumentOutOfRangeException(nameof(persona)),
        });

        public async ValueTask InitializeAsync()
        {
            _all = await AllServices.StartAsync("matrix", [(G, A)], new Dictionary<string, string>
            {
                [$"Access:SystemClients:{SystemClient}:0"] = Municipality,
                [$"Access:SystemClients:{OtherSystemClient}:0"] = OtherMunicipality,
            });
            var ct = TestContext.Current.CancellationToken;
            var caseworker = Token("CW");
            var guardian = Token("G");

            // The guardian applies for A; the caseworker decides; the case is decided.
            ApplicationId = (await Applications.SubmitApplicationAsync(Submission("setup"), guardian, cancellationToken: ct)).Application.ApplicationId;
            EliV1.Assessment? assessment = null;
            await Eventually.HoldsAsync(async () =>
            {
                try { assessment = (await Assessments.GetAssessmentForApplicationAsync(new() { ApplicationId = ApplicationId }, caseworker, cancellationToken: ct)).Assessment; return true; }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return false; }
            }, "the assessment is made");
            AssessmentId = assessment!.AssessmentId;
            CriterionId = assessment.Rights[0].Criteria[0].CriterionId;
            await Assessments.DecideAsync(new() { AssessmentId = AssessmentId, Decisions = { Grant(EliV1.Right.Coordinator), Grant(EliV1.Right.IndividualPlan) } }, caseworker, cancellationToken: ct);

            // The decision opens a coordination; the coordinator is appointed.
            await Eventually.HoldsAsync(async () =>
            {
                await using var scope = _all.Plan.Services.CreateAsyncScope();
                CoordinationId = await scope.ServiceProvider.GetRequiredService<PlanDbContext>().Coordinations.Where(c => c.PersonIdentityNumber == A).Select(c => c.Id.ToString()).FirstOrDefaultAsync(ct) ?? "";
                return CoordinationId.Length > 0;
            }, "the coordination is opened");
            await Plans.AppointCoordinatorAsync(new() { CoordinationId = CoordinationId, Coordinator = TheCoordinator() }, caseworker, cancellationToken: ct);

            // The guardian consents for A (heard): to the plan, and to one participant's access; a spare consent to withdraw.
            ConsentId = (await Consents.GiveConsentAsync(Consent(ConsentV1.ConsentPurpose.IndividualPlan, ConsentV1.ConsentPurpose.ParticipantAccess), guardian, cancellationToken: ct)).Consent.ConsentId;
            var spare = (await Consents.GiveConsentAsync(Consent(ConsentV1.ConsentPurpose.Coordination), guardian, cancellationToken: ct)).Consent;
            (SpareConsentId, SparePartyId) = (spare.ConsentId, spare.Parties[0].PartyId);

            // The coordinator makes the plan and calls two meetings.
            var coordinator = Token("CO");
            PlanId = (await Plans.CreateIndividualPlanAsync(new() { CoordinationId = CoordinationId, Content = PlanContent() }, coordinator, cancellationToken: ct)).Plan.PlanId;
            MeetingId = (await Plans.ScheduleMeetingAsync(Meeting(PlanId), coordinator, cancellationToken: ct)).Meeting.MeetingId;
            SpareMeetingId = (await Plans.ScheduleMeetingAsync(Meeting(PlanId), coordinator, cancellationToken: ct)).Meeting.MeetingId;
            MessageId = (await Conversations.PostMessageAsync(new() { CoordinationId = CoordinationId, Text = "Velkommen til planen." }, coordinator, cancellationToken: ct)).Message.MessageId;
            // A third meeting no row changes: GetCalendar's rows see an upcoming entry whichever order the
            // rows run in (xunit orders them by an id that depends on the assembly's path, and RecordMinutes
            // and CancelMeeting take the other two off the calendar).
            await Plans.ScheduleMeetingAsync(Meeting(PlanId), coordinator, cancellationToken: ct);

            // A lead service for A, with both participants' organisations taking part (consent names only PC's).
            CoordinationLeadId = (await CoordinationLeads.DesignateCoordinationLeadAsync(CoordinationLead(), caseworker, cancellationToken: ct)).CoordinationLead.CoordinationLeadId;

            // A notice about A's case has been made.
            await Eventually.HoldsAsync(async () =>
            {
                NoticeId = (await Notices.ListNoticesAsync(new() { PersonIdentityNumber = A }, caseworker, cancellationToken: ct)).Notices.FirstOrDefault()?.NoticeId ?? "";
                return NoticeId.Length > 0;
            }, "a notice is made");
        }

        public static PlanV1.DesignateCoordinationLeadRequest CoordinationLead() => new()
        {
            MunicipalityNumber = Municipality, PersonIdentityNumber = A,
            Lead = new() { OrganisationNumber = ParticipantWithConsent, Name = "Fysioterapitjenesten", Kind = "health_and_care" },
            Contact = new() { Name = "Per", Email = "per@fysio.example" },
            ParticipatingServices = { new PlanV1.WelfareService { OrganisationNumber = ParticipantWithoutConsent, Name = "Skolen", Kind = "school" } },
        };

        public static AppV1.SubmitApplicationRequest Submission(string clientRequestId) => new()
        {
            ClientRequestId = clientRequestId, MunicipalityNumber = Municipality, PersonIdentityNumber = A,
            Applicant = new() { Relation = AppV1.ApplicantRelation.ParentOrGuardian },
            RequestedRights = { AppV1.RequestedRight.Coordinator, AppV1.RequestedRight.IndividualPlan },
            ExpectedDuration = AppV1.ExpectedDuration.LongTerm, ConditionDescription = "Alvorlig astma og diabetes",
            Services =
            {
                new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "home_nursing", Provider = "Hjemmesykepleien" },
                new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "physiotherapy", Provider = "Fysioterapitjenesten" },
            },
            Wishes = new() { WantsIndividualPlan = true, WrittenStandard = Common.V1.WrittenStandard.Nb },
        };

        public static ConsentV1.GiveConsentRequest ConsentRequest(bool paper)
        {
            var request = Consent(ConsentV1.ConsentPurpose.AssessmentInformation);
            request.PaperArchiveReference = paper ? "2026/1234-5" : "";
            return request;
        }

        private static ConsentV1.GiveConsentRequest Consent(params ConsentV1.ConsentPurpose[] purposes) => new()
        {
            MunicipalityNumber = Municipality, SubjectIdentityNumber = A, ChildHeard = true,
            Givers = { new ConsentV1.Giver { IdentityNumber = G, Role = ConsentV1.GiverRole.Guardian } },
            Purposes = { purposes },
            Parties = { new ConsentV1.PartyInput { OrganisationNumber = ParticipantWithConsent, OrganisationName = "Fysioterapeuten AS" } },
        };

        public static EliV1.RightDecisionInput Grant(EliV1.Right right) => new() { Right = right, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Langvarige og koordinerte tjenester." };

        public static PlanV1.Coordinator TheCoordinator() => new()
        {
            EmployeeId = "k-1", Name = "Kari", OrganisationNumber = CoordinatorOrganisation, Email = "kari@kommune.example",
            Kind = PlanV1.CoordinatorKind.Coordinator, WishFollowed = true,
        };

        public static PlanV1.PlanContent PlanContent() => new()
        {
            Goals = { new PlanV1.Goal { GoalId = "g1", Text = "Jeg vil klare skolen." } },
            Resources = "Sterk familie.",
            Needs = "Oppfølging av astma.",
            Participants =
            {
                new PlanV1.Participant { ParticipantId = "p-physio", Role = "fysioterapeut", Name = "Per", OrganisationNumber = ParticipantWithConsent, Contact = "per@fysio.example", MemberOfResponsibilityGroup = true },
                new PlanV1.Participant { ParticipantId = "p-school", Role = "helsesykepleier", Name = "Siri", OrganisationNumber = ParticipantWithoutConsent, Contact = "siri@skole.example", MemberOfResponsibilityGroup = true },
            },
            PeriodStart = InDays(10),
            PeriodEnd = InDays(375),
        };

        public static PlanV1.Participant Service() => new()
        {
            ParticipantId = "s-physio", Role = "fysioterapeut", Name = "Per", OrganisationNumber = ParticipantWithConsent,
            Contact = "per@fysio.example", AreaOfResponsibility = "Trening og hjelpemidler",
        };

        public static PlanV1.ScheduleMeetingRequest Meeting(string planId) => new() { PlanId = planId, StartsAt = At(7, 10), EndsAt = At(7, 11), Place = "Rådhuset", Agenda = "Oppstart." };

        public static Timestamp At(int days, int hour) => Timestamp.FromDateTimeOffset(new DateTimeOffset(RunningClock.TuesdayMorning.Date.AddDays(days).AddHours(hour), TimeSpan.Zero));

        public static string InDays(int days) => DateOnly.FromDateTime(RunningClock.TuesdayMorning.Date).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        public ValueTask DisposeAsync() => _all?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
