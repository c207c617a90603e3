using System.Net;
using Grpc.Core;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Plan.Data;
using Koordinering.UnitTests;
using Microsoft.Extensions.DependencyInjection;
using EliV1 = Koordinering.Eligibility.V1;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.Gateway;

/// <summary>
/// A whole case as the citizen sees it through the gateway's JSON routes (plain HttpClient, HTTP/2
/// and HTTP/1.1), while the municipality works it over gRPC: apply, consent, read the plan and the
/// calendar, read the decision letter, see who looked at my data, appeal.
/// </summary>
[Collection(GatewayGroup.Name)]
public sealed class GatewayCaseTests(GatewayHosts hosts)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_citizen_follows_a_whole_case_through_the_json_routes()
    {
        var person = IdentityNumbers.For(new DateOnly(1962, 11, 12));
        var token = hosts.Citizen(person);
        var stranger = hosts.Citizen(IdentityNumbers.For(new DateOnly(1958, 4, 4)));
        var caseworker = TestTokens.Bearer(hosts.Tokens.Caseworker(GatewayHosts.Municipality));
        var coordinator = TestTokens.Bearer(hosts.Tokens.Employee("k-9", "974600951", GatewayHosts.Municipality, "coordinator"));
        using var applications = new GatewayClient(hosts.Gateways["application"], HttpVersion.Version20);
        using var consents = new GatewayClient(hosts.Gateways["consent"], HttpVersion.Version11);
        using var plans = new GatewayClient(hosts.Gateways["plan"], HttpVersion.Version20);
        using var notices = new GatewayClient(hosts.Gateways["notification"], HttpVersion.Version11);

        // 1. The citizen applies (JSON); the municipality assesses and grants (gRPC).
        var submitted = await applications.PostAsync("/v1/applications", token, GatewayHosts.Application(person, "gw-case"));
        Assert.True(submitted.Status == HttpStatusCode.OK, submitted.ToString());
        var applicationId = (string)submitted.Json["application"]!["applicationId"]!;
        var assessments = new EliV1.EligibilityService.EligibilityServiceClient(hosts.All.Eligibility.Channel);
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
        await Eventually.HoldsAsync(async () => (string?)(await applications.GetAsync($"/v1/applications/{applicationId}", token)).Json["application"]!["status"] == "APPLICATION_STATUS_DECIDED",
            "the citizen sees the case decided");

        // 2. The decision letter, read by the citizen; another citizen reads neither the list nor the letter.
        string decisionId = "";
        await Eventually.HoldsAsync(async () =>
        {
            var mine = await notices.GetAsync($"/v1/notices?personIdentityNumber={person}", token);
            decisionId = mine.Json["notices"]!.AsArray().Where(n => (string?)n!["kind"] == "decision").Select(n => (string)n!["noticeId"]!).FirstOrDefault() ?? "";
            return decisionId.Length > 0;
        }, "the decision letter is written");
        var letter = await notices.GetAsync($"/v1/notices/{decisionId}", token);
        Assert.True(letter.Status == HttpStatusCode.OK, letter.ToString());
        Assert.Equal(applicationId, (string?)letter.Json["notice"]!["caseId"]);
        Assert.False(string.IsNullOrEmpty((string?)letter.Json["notice"]!["body"]));
        Assert.Equal(HttpStatusCode.NotFound, (await notices.GetAsync($"/v1/notices/{decisionId}", stranger)).Status);
        var strangers = await notices.GetAsync($"/v1/notices?personIdentityNumber={person}", stranger);
        Assert.True(strangers.Status == HttpStatusCode.OK && strangers.Json["notices"]!.AsArray().Count == 0, strangers.ToString());

        // 3. The coordination: a coordinator is appointed (gRPC); the citizen reads it (JSON).
        string coordinationId = "";
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = hosts.All.Plan.Services.CreateAsyncScope();
            coordinationId = scope.ServiceProvider.GetRequiredService<PlanDbContext>().Coordinations.Where(c => c.PersonIdentityNumber == person).Select(c => c.Id.ToString()).FirstOrDefault() ?? "";
            return coordinationId.Length > 0;
        }, "the coordination is opened");
        var planService = new PlanV1.PlanService.PlanServiceClient(hosts.All.Plan.Channel);
        await planService.AppointCoordinatorAsync(new()
        {
            CoordinationId = coordinationId,
            Coordinator = new PlanV1.Coordinator { EmployeeId = "k-9", Name = "Kari", OrganisationNumber = "974600951", Email = "kari@kommune.example", Kind = PlanV1.CoordinatorKind.Coordinator },
        }, caseworker, cancellationToken: Ct);
        var coordination = await plans.GetAsync($"/v1/coordinations/{coordinationId}", token);
        Assert.True(coordination.Status == HttpStatusCode.OK, coordination.ToString());
        Assert.Equal("COORDINATION_STATUS_ACTIVE", (string?)coordination.Json["coordination"]!["status"]);

        // 4. Consent: given, seen and listed by the citizen (JSON); not seen by another citizen.
        var given = await consents.PostAsync("/v1/consents", token, new Dictionary<string, object>
        {
            ["municipalityNumber"] = GatewayHosts.Municipality,
            ["subjectIdentityNumber"] = person,
            ["givers"] = new[] { new Dictionary<string, object> { ["identityNumber"] = person, ["role"] = "GIVER_ROLE_SUBJECT" } },
            ["purposes"] = new[] { "CONSENT_PURPOSE_INDIVIDUAL_PLAN" },
        });
        Assert.True(given.Status == HttpStatusCode.OK, given.ToString());
        var consentId = (string)given.Json["consent"]!["consentId"]!;
        Assert.Equal("CONSENT_STATUS_ACTIVE", (string?)(await consents.GetAsync($"/v1/consents/{consentId}", token)).Json["consent"]!["status"]);
        Assert.Contains(consentId, (await consents.GetAsync($"/v1/consents?subjectIdentityNumber={person}", token)).Json["consents"]!.AsArray().Select(c => (string)c!["consentId"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await consents.GetAsync($"/v1/consents/{consentId}", stranger)).Status);

        // 5. The plan (made by the coordinator over gRPC) and a meeting: the citizen reads both (JSON).
        var plan = (await planService.CreateIndividualPlanAsync(new() { CoordinationId = coordinationId, Content = Plans.PlanHosts.Content() }, coordinator, cancellationToken: Ct)).Plan;
        var start = hosts.All.Clock.GetUtcNow().AddDays(5);
        var meeting = (await planService.ScheduleMeetingAsync(new()
        {
            PlanId = plan.PlanId, StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start),
            EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddHours(1)), Place = "Helsehuset", Agenda = "Oppstart",
        }, coordinator, cancellationToken: Ct)).Meeting;
        var read = await plans.GetAsync($"/v1/plans/{plan.PlanId}", token);
        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        Assert.Equal("Jeg vil klare meg selv hjemme.", (string?)read.Json["plan"]!["content"]!["goals"]![0]!["text"]);
        Assert.Equal(HttpStatusCode.NotFound, (await plans.GetAsync($"/v1/plans/{plan.PlanId}", stranger)).Status);
        var calendar = await plans.GetAsync($"/v1/plans/{plan.PlanId}/calendar", token);
        Assert.Contains(meeting.MeetingId, calendar.Json["entries"]!.AsArray().Select(e => (string?)e!["referenceId"]));
        var myCalendar = await plans.GetAsync("/v1/me/calendar", token);
        Assert.True(myCalendar.Status == HttpStatusCode.OK, myCalendar.ToString());
        Assert.Contains(myCalendar.Json["entries"]!.AsArray(), e => (string?)e!["referenceId"] == meeting.MeetingId && (string?)e["planId"] == plan.PlanId);
        Assert.DoesNotContain(plan.PlanId, (await plans.GetAsync("/v1/me/calendar", stranger)).Text, StringComparison.Ordinal);

        // 5b. Messages in the plan: the coordinator writes (gRPC), the citizen sees one unread, reads and
        // answers (JSON); a stranger can neither read nor write in the conversation.
        var conversations = new PlanV1.ConversationService.ConversationServiceClient(hosts.All.Plan.Channel);
        await conversations.PostMessageAsync(new() { CoordinationId = coordinationId, Text = "Velkommen! Første møte er om fem dager." }, coordinator, cancellationToken: Ct);
        var overview = await plans.GetAsync("/v1/me/conversations", token);
        Assert.True(overview.Status == HttpStatusCode.OK, overview.ToString());
        Assert.Equal(1, (int?)overview.Json["unreadCount"] ?? 0);
        var thread = await plans.GetAsync($"/v1/coordinations/{coordinationId}/messages", token);
        Assert.True(thread.Status == HttpStatusCode.OK, thread.ToString());
        Assert.Equal("Velkommen! Første møte er om fem dager.", (string?)thread.Json["messages"]![0]!["text"]);
        Assert.Equal(0, (int?)(await plans.GetAsync("/v1/me/conversations", token)).Json["unreadCount"] ?? 0);
        var answer = await plans.PostAsync($"/v1/coordinations/{coordinationId}/messages", token, new { text = "Takk, eg kjem." });
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("MESSAGE_AUTHOR_KIND_PERSON", (string?)answer.Json["message"]!["authorKind"]);
        var seen = await conversations.ListMessagesAsync(new() { CoordinationId = coordinationId }, coordinator, cancellationToken: Ct);
        Assert.Contains(seen.Messages, m => m.Text == "Takk, eg kjem.");
        Assert.Equal(HttpStatusCode.NotFound, (await plans.GetAsync($"/v1/coordinations/{coordinationId}/messages", stranger)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await plans.PostAsync($"/v1/coordinations/{coordinationId}/messages", stranger, new { text = "Hei." })).Status);

        // 6. The access log on each service's gateway port: the JSON reads were audited like gRPC's.
        var planLog = await plans.GetAsync($"/v1/accessRecords?subjectIdentityNumber={person}", token);
        Assert.True(planLog.Status == HttpStatusCode.OK, planLog.ToString());
        Assert.Contains(planLog.Json["records"]!.AsArray(), r => (string?)r!["action"] == "koordinering.plan.v1.PlanService/GetPlan"
            && (string?)r["actorKind"] == "citizen" && (bool?)r["allowed"] == true);
        foreach (var gateway in hosts.Gateways.Values)
        {
            using var client = new GatewayClient(gateway, HttpVersion.Version11);
            var log = await client.GetAsync($"/v1/accessRecords?subjectIdentityNumber={person}", token);
            Assert.True(log.Status == HttpStatusCode.OK, $"{gateway}: {log}");
            var foreign = await client.GetAsync($"/v1/accessRecords?subjectIdentityNumber={person}", stranger);
            Assert.True(foreign.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{gateway}: {foreign}");
        }

        // 7. Consent withdrawn (JSON): the status says so, and withdrawing twice is a failed precondition.
        var withdrawn = await consents.PostAsync($"/v1/consents/{consentId}:withdraw", token, new { });
        Assert.True(withdrawn.Status == HttpStatusCode.OK, withdrawn.ToString());
        Assert.Equal("CONSENT_STATUS_WITHDRAWN", (string?)withdrawn.Json["consent"]!["status"]);
        var twice = await consents.PostAsync($"/v1/consents/{consentId}:withdraw", token, new { });
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Equal(9, (int)twice.Json["code"]!);

        // 8. The citizen appeals the decision (JSON); another citizen cannot.
        Assert.Equal(HttpStatusCode.NotFound, (await applications.PostAsync($"/v1/applications/{applicationId}/appeals", stranger, new { grounds = "Nei." })).Status);
        var appeal = await applications.PostAsync($"/v1/applications/{applicationId}/appeals", token, new { grounds = "Eg treng meir hjelp enn vedtaket gir." });
        Assert.True(appeal.Status == HttpStatusCode.OK, appeal.ToString());
        Assert.Equal("APPLICATION_STATUS_APPEALED", (string?)appeal.Json["application"]!["status"]);
        Assert.NotNull(appeal.Json["application"]!["appeal"]!["deadline"]);
    }
}
