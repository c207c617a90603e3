using System.Net;
using System.Text;
using System.Xml.Linq;
using Grpc.Core;
using Koordinering.IntegrationTests.Gateway;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.IntegrationTests.Notifications;
using Koordinering.Notification.Archive;
using Koordinering.Notification.Data;
using Koordinering.Plan.Data;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using EliV1 = Koordinering.Eligibility.V1;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 19's done-when: a whole case, walked end to end over the five services: the citizen applies and follows the
/// case over the gateway's JSON routes, the caseworker decides and the coordinator plans over gRPC, the coordinator and
/// a participant the person consented to write to each other (the citizen reads it over JSON), the plan is closed; and
/// the archive (Fiks IO, on loopback) holds one schema-valid arkivmelding for the decision and one for the closed plan,
/// in the application's case folder, each with its PDF, classified by the person's identity number and screened.
/// </summary>
public sealed class CitizenCaseArchiveTests : IAsyncLifetime
{
    private const string Physio = "982463718";
    private readonly string _password = Path.Combine(Path.GetTempPath(), $"koordinering-fiksio-{Guid.NewGuid():N}.secret");
    private readonly FakeFiksIo _fiksIo = new();
    private readonly FakeMaskinporten _maskinporten = new();
    private AllServices _all = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_password, _fiksIo.Password);
        var settings = _fiksIo.Settings(_password).Concat(_maskinporten.Settings(withCertificate: true))
            .Append(new("Archive:PollInterval", "00:00:00.200")).ToDictionary();
        _all = await AllServices.StartAsync("citizen_archive", settings: settings);
    }

    private Dictionary<string, string> Gateways => new()
    {
        ["application"] = _all.Application.GatewayAddress, ["plan"] = _all.Plan.GatewayAddress,
        ["consent"] = _all.Consent.GatewayAddress, ["notification"] = _all.Notification.GatewayAddress,
    };

    [Fact]
    public async Task A_whole_case_is_seen_over_json_carries_messages_with_a_consented_participant_and_leaves_the_decision_and_the_closed_plan_in_one_archive_case_folder()
    {
        var person = IdentityNumbers.For(new DateOnly(1966, 9, 21));
        var citizen = _all.Tokens.Citizen(person);
        var caseworker = TestTokens.Bearer(_all.Tokens.Caseworker(GatewayHosts.Municipality));
        var coordinator = TestTokens.Bearer(_all.Tokens.Employee("k-9", "974600951", GatewayHosts.Municipality, "coordinator"));
        var physio = TestTokens.Bearer(_all.Tokens.Employee("physio-1", Physio, "9999", "service-provider"));
        using var applications = new GatewayClient(Gateways["application"], HttpVersion.Version20);
        using var consents = new GatewayClient(Gateways["consent"], HttpVersion.Version11);
        using var plans = new GatewayClient(Gateways["plan"], HttpVersion.Version20);
        using var notices = new GatewayClient(Gateways["notification"], HttpVersion.Version11);

        // The citizen applies (JSON); the caseworker decides (gRPC); the citizen sees the case decided and reads the letter (JSON).
        var submitted = await applications.PostAsync("/v1/applications", citizen, GatewayHosts.Application(person, "archive-case"));
        Assert.True(submitted.Status == HttpStatusCode.OK, submitted.ToString());
        var applicationId = (string)submitted.Json["application"]!["applicationId"]!;
        var assessments = new EliV1.EligibilityService.EligibilityServiceClient(_all.Eligibility.Channel);
        EliV1.Assessment? assessment = null;
        await Eventually.HoldsAsync(async () =>
        {
            try { assessment = (await assessments.GetAssessmentForApplicationAsync(new() { ApplicationId = applicationId }, caseworker, cancellationToken: Ct)).Assessment; return true; }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return false; }
        }, "the application is pre-assessed");
        await assessments.DecideAsync(new()
        {
            AssessmentId = assessment!.AssessmentId,
            Decisions =
            {
                new EliV1.RightDecisionInput { Right = EliV1.Right.Coordinator, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Langvarige og koordinerte tenester." },
                new EliV1.RightDecisionInput { Right = EliV1.Right.IndividualPlan, Outcome = EliV1.DecisionOutcome.Granted, Reasons = "Langvarige og koordinerte tenester." },
            },
        }, caseworker, cancellationToken: Ct);
        await Eventually.HoldsAsync(async () => (string?)(await applications.GetAsync($"/v1/applications/{applicationId}", citizen)).Json["application"]!["status"] == "APPLICATION_STATUS_DECIDED",
            "the citizen sees the case decided");
        var decisionId = "";
        await Eventually.HoldsAsync(async () =>
        {
            var mine = await notices.GetAsync($"/v1/notices?personIdentityNumber={person}", citizen);
            decisionId = mine.Json["notices"]!.AsArray().Where(n => (string?)n!["kind"] == "decision").Select(n => (string)n!["noticeId"]!).FirstOrDefault() ?? "";
            return decisionId.Length > 0;
        }, "the decision letter is written");
        var letter = await notices.GetAsync($"/v1/notices/{decisionId}", citizen);
        Assert.True(letter.Status == HttpStatusCode.OK, letter.ToString());
        Assert.Equal(applicationId, (string?)letter.Json["notice"]!["caseId"]);
        Assert.False(string.IsNullOrEmpty((string?)letter.Json["notice"]!["body"]));

        // The coordination opened by the decision: a coordinator appointed; the citizen consents (JSON) to the plan and to physiotherapy taking part.
        var coordinationId = "";
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = _all.Plan.Services.CreateAsyncScope();
            coordinationId = await scope.ServiceProvider.GetRequiredService<PlanDbContext>().Coordinations.Where(c => c.PersonIdentityNumber == person)
                .Select(c => c.Id.ToString()).FirstOrDefaultAsync(Ct) ?? "";
            return coordinationId.Length > 0;
        }, "the coordination is opened");
        var planService = new PlanV1.PlanService.PlanServiceClient(_all.Plan.Channel);
        await planService.AppointCoordinatorAsync(new()
        {
            CoordinationId = coordinationId,
            Coordinator = new PlanV1.Coordinator { EmployeeId = "k-9", Name = "Kari", OrganisationNumber = "974600951", Email = "kari@kommune.example", Kind = PlanV1.CoordinatorKind.Coordinator },
        }, caseworker, cancellationToken: Ct);
        var given = await consents.PostAsync("/v1/consents", citizen, new Dictionary<string, object>
        {
            ["municipalityNumber"] = GatewayHosts.Municipality,
            ["subjectIdentityNumber"] = person,
            ["givers"] = new[] { new Dictionary<string, object> { ["identityNumber"] = person, ["role"] = "GIVER_ROLE_SUBJECT" } },
            ["purposes"] = new[] { "CONSENT_PURPOSE_INDIVIDUAL_PLAN", "CONSENT_PURPOSE_PARTICIPANT_ACCESS", "CONSENT_PURPOSE_COORDINATION" },
            ["parties"] = new[] { new Dictionary<string, object> { ["organisationNumber"] = Physio } },
        });
        Assert.True(given.Status == HttpStatusCode.OK, given.ToString());

        // The coordinator makes the plan (gRPC); the citizen reads it (JSON).
        var plan = (await planService.CreateIndividualPlanAsync(new() { CoordinationId = coordinationId, Content = Plans.PlanHosts.Content() }, coordinator, cancellationToken: Ct)).Plan;
        var read = await plans.GetAsync($"/v1/plans/{plan.PlanId}", citizen);
        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        Assert.Equal("Jeg vil klare meg selv hjemme.", (string?)read.Json["plan"]!["content"]!["goals"]![0]!["text"]);

        // Messages: the coordinator writes, the consented participant reads and answers (gRPC), the citizen sees both (JSON).
        var conversations = new PlanV1.ConversationService.ConversationServiceClient(_all.Plan.Channel);
        await conversations.PostMessageAsync(new() { CoordinationId = coordinationId, Text = "Kan du ta første økt neste uke?" }, coordinator, cancellationToken: Ct);
        var seenByPhysio = await conversations.ListMessagesAsync(new() { CoordinationId = coordinationId }, physio, cancellationToken: Ct);
        Assert.Equal("Kan du ta første økt neste uke?", Assert.Single(seenByPhysio.Messages).Text);
        var answer = (await conversations.PostMessageAsync(new() { CoordinationId = coordinationId, Text = "Ja, tirsdag passer." }, physio, cancellationToken: Ct)).Message;
        Assert.Equal((PlanV1.MessageAuthorKind.Participant, Physio), (answer.AuthorKind, answer.AuthorOrganisationNumber));
        Assert.Contains((await conversations.ListMessagesAsync(new() { CoordinationId = coordinationId }, coordinator, cancellationToken: Ct)).Messages, m => m.Text == "Ja, tirsdag passer.");
        var thread = await plans.GetAsync($"/v1/coordinations/{coordinationId}/messages", citizen);
        Assert.True(thread.Status == HttpStatusCode.OK, thread.ToString());
        Assert.Equal(["Kan du ta første økt neste uke?", "Ja, tirsdag passer."], thread.Json["messages"]!.AsArray().Select(m => (string?)m!["text"]));

        // The plan is closed (gRPC); the citizen sees it closed (JSON).
        var current = (await planService.GetPlanAsync(new() { PlanId = plan.PlanId }, caseworker, cancellationToken: Ct)).Plan;
        await planService.ClosePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = current.Version }, caseworker, cancellationToken: Ct);
        Assert.Equal("PLAN_STATUS_CLOSED", (string?)(await plans.GetAsync($"/v1/plans/{plan.PlanId}", citizen)).Json["plan"]!["status"]);

        // The archive: the decision and the closed plan, each once, schema-valid, in the application's saksmappe, with its PDF.
        var folderKey = Arkivmelding.FolderKey(Guid.Parse(applicationId));
        List<FakeFiksIo.Message> archived = [];
        await Eventually.HoldsAsync(async () =>
        {
            archived = [.. (await _fiksIo.AcceptedAsync()).Where(m => Encoding.UTF8.GetString(m.Files[AsiceContainer.ArkivmeldingFile]).Contains(person, StringComparison.Ordinal))];
            return archived.Count >= 2;
        }, "the decision and the closed plan reach the archive");
        await _all.Notification.Services.GetRequiredService<ArchiveDispatcher>().RunOnceAsync(Ct);
        archived = [.. (await _fiksIo.AcceptedAsync()).Where(m => Encoding.UTF8.GetString(m.Files[AsiceContainer.ArkivmeldingFile]).Contains(person, StringComparison.Ordinal))];
        Assert.Equal(2, archived.Count);
        var ids = (await _fiksIo.AcceptedAsync()).Select(m => m.Metadata.GetProperty("klientMeldingID").GetGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var byPdf = new Dictionary<string, XDocument>();
        foreach (var message in archived)
        {
            var xml = XDocument.Parse(Encoding.UTF8.GetString(message.Files[AsiceContainer.ArkivmeldingFile]));
            Assert.Equal("", string.Join("\n", ArchiveHosts.SchemaErrors(xml)));
            Assert.Equal(folderKey, ArchiveHosts.CaseFolderKey(xml));
            var folder = xml.Root!.Element(Arkivmelding.Ns + "mappe")!;
            Assert.Equal("saksmappe", (string?)folder.Attribute(XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance") + "type"));
            var classification = folder.Element(Arkivmelding.Ns + "klassifikasjon")!;
            Assert.Equal(("FNR", person), (classification.Element(Arkivmelding.Ns + "klassifikasjonssystemID")!.Value, classification.Element(Arkivmelding.Ns + "klasseID")!.Value));
            Assert.Equal("13", folder.Element(Arkivmelding.Ns + "skjerming")!.Element(Arkivmelding.Ns + "tilgangsrestriksjon")!.Value);
            var entry = xml.Root.Element(Arkivmelding.Ns + "registrering")!;
            Assert.Equal("journalpost", (string?)entry.Attribute(XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance") + "type"));
            Assert.Equal("13", entry.Element(Arkivmelding.Ns + "skjerming")!.Element(Arkivmelding.Ns + "tilgangsrestriksjon")!.Value);
            var pdf = Assert.Single(message.Files.Keys, k => k.EndsWith(".pdf", StringComparison.Ordinal));
            Assert.Equal("%PDF"u8.ToArray(), message.Files[pdf][..4]);
            Assert.Equal(pdf, entry.Descendants(Arkivmelding.Ns + "referanseDokumentfil").Single().Value);
            byPdf.Add(pdf, xml);
        }
        Assert.Equal(["decision.pdf", "plan_closed.pdf"], byPdf.Keys.Order());
        Assert.Equal("VEDTAK", byPdf["decision.pdf"].Descendants(Arkivmelding.Ns + "dokumenttype").Single().Value);
        Assert.Equal("PLAN", byPdf["plan_closed.pdf"].Descendants(Arkivmelding.Ns + "dokumenttype").Single().Value);

        await using var notification = _all.Notification.Services.CreateAsyncScope();
        var items = await notification.ServiceProvider.GetRequiredService<NotificationDbContext>().ArchiveItems.AsNoTracking()
            .Where(i => i.CaseId == Guid.Parse(applicationId)).ToListAsync(Ct);
        Assert.Equal([("decision", ArchiveStatus.Archived), ("plan_closed", ArchiveStatus.Archived)], items.Select(i => (i.Kind, i.Status)).Order());
        Assert.DoesNotContain(_all.Logs.Lines, l => l.Contains(person, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (_all is not null) await _all.DisposeAsync();
        await _fiksIo.DisposeAsync();
        await _maskinporten.DisposeAsync();
        File.Delete(_password);
    }
}
