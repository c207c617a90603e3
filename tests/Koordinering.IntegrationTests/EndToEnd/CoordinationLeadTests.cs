using Grpc.Core;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.UnitTests;
using ConsentV1 = Koordinering.Consent.V1;
using NoteV1 = Koordinering.Notification.V1;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.EndToEnd;

/// <summary>
/// Samordningsansvarlig, the whole way: a child with no right to a coordinator whose kindergarten,
/// PPT and health services must cooperate gets a lead service; the family is told in nynorsk; a
/// service that takes part reads it while the guardian's consent names it, and not otherwise.
/// </summary>
public sealed class CoordinationLeadTests : IAsyncLifetime
{
    private const string Municipality = "4601";
    private const string Kindergarten = "987654325";
    private const string Ppt = "974600951";
    private static readonly string Child = IdentityNumbers.For(new DateOnly(2021, 3, 9));
    private static readonly string Guardian = IdentityNumbers.For(new DateOnly(1988, 8, 1));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AllServices _all = null!;

    public async ValueTask InitializeAsync() => _all = await AllServices.StartAsync("lead", [(Guardian, Child)]);

    [Fact]
    public async Task A_lead_service_is_designated_told_to_the_family_read_under_consent_changed_and_ended()
    {
        var caseworker = TestTokens.Bearer(_all.Tokens.Caseworker(Municipality));
        var guardian = TestTokens.Bearer(_all.Tokens.Citizen(Guardian));
        var pptEmployee = TestTokens.Bearer(_all.Tokens.Employee("ppt-1", Ppt, Municipality, "service-provider"));
        var kindergartenEmployee = TestTokens.Bearer(_all.Tokens.Employee("bhg-1", Kindergarten, Municipality, "service-provider"));
        var leads = new PlanV1.CoordinationLeadService.CoordinationLeadServiceClient(_all.Plan.Channel);

        var request = new PlanV1.DesignateCoordinationLeadRequest
        {
            MunicipalityNumber = Municipality, PersonIdentityNumber = Child, WrittenStandard = Common.V1.WrittenStandard.Nn,
            Lead = new() { OrganisationNumber = Ppt, Name = "Pedagogisk-psykologisk teneste", Unit = "PPT Nord", Kind = "ppt" },
            Contact = new() { Name = "Kari Lie", Phone = "+4791234567" },
            ParticipatingServices = { new PlanV1.WelfareService { OrganisationNumber = Kindergarten, Name = "Solsikken barnehage", Kind = "kindergarten" } },
        };
        var designated = (await leads.DesignateCoordinationLeadAsync(request, caseworker, cancellationToken: Ct)).CoordinationLead;
        Assert.Equal(PlanV1.CoordinationLeadStatus.Active, designated.Status);
        var twice = await Assert.ThrowsAsync<RpcException>(() => leads.DesignateCoordinationLeadAsync(request, caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        var byGuardian = await Assert.ThrowsAsync<RpcException>(() => leads.DesignateCoordinationLeadAsync(request, guardian, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byGuardian.StatusCode);

        // The guardian sees it in the child's overview; the services taking part read it only once consent names them.
        Assert.Single((await leads.ListCoordinationLeadsAsync(new() { PersonIdentityNumber = Child }, guardian, cancellationToken: Ct)).CoordinationLeads);
        var before = await Assert.ThrowsAsync<RpcException>(() => leads.GetCoordinationLeadAsync(new() { CoordinationLeadId = designated.CoordinationLeadId }, pptEmployee, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, before.StatusCode);
        await new ConsentV1.ConsentService.ConsentServiceClient(_all.Consent.Channel).GiveConsentAsync(new ConsentV1.GiveConsentRequest
        {
            MunicipalityNumber = Municipality, SubjectIdentityNumber = Child,
            Givers = { new ConsentV1.Giver { IdentityNumber = Guardian, Role = ConsentV1.GiverRole.Guardian } },
            Purposes = { ConsentV1.ConsentPurpose.ParticipantAccess },
            Parties = { new ConsentV1.PartyInput { OrganisationNumber = Ppt, OrganisationName = "PPT" } },
        }, guardian, cancellationToken: Ct);
        Assert.Equal(designated.CoordinationLeadId, (await leads.GetCoordinationLeadAsync(new() { CoordinationLeadId = designated.CoordinationLeadId }, pptEmployee, cancellationToken: Ct)).CoordinationLead.CoordinationLeadId);
        var notNamed = await Assert.ThrowsAsync<RpcException>(() => leads.GetCoordinationLeadAsync(new() { CoordinationLeadId = designated.CoordinationLeadId }, kindergartenEmployee, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notNamed.StatusCode);

        // Changed, then ended: kept in the history; an ended designation changes no more.
        var changed = (await leads.ChangeCoordinationLeadAsync(new()
        {
            CoordinationLeadId = designated.CoordinationLeadId, Lead = request.Lead, Contact = new() { Name = "Ola Nes", Email = "ola@ppt.example" },
            ParticipatingServices = { request.ParticipatingServices, new PlanV1.WelfareService { OrganisationNumber = "889640782", Name = "Helsestasjonen", Kind = "health_and_care" } },
        }, caseworker, cancellationToken: Ct)).CoordinationLead;
        Assert.Equal(2, changed.ParticipatingServices.Count);
        var ended = (await leads.EndCoordinationLeadAsync(new() { CoordinationLeadId = designated.CoordinationLeadId, Reason = "Barnet har byrja på skulen." }, caseworker, cancellationToken: Ct)).CoordinationLead;
        Assert.Equal(["designated", "changed", "ended"], ended.History.Select(h => h.Action));
        var afterEnd = await Assert.ThrowsAsync<RpcException>(() => leads.EndCoordinationLeadAsync(new() { CoordinationLeadId = designated.CoordinationLeadId, Reason = "Igjen." }, caseworker, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, afterEnd.StatusCode);

        // The guardian got a letter for each, in nynorsk, naming the lead service and saying it is no decision.
        var notices = new NoteV1.NotificationService.NotificationServiceClient(_all.Notification.Channel);
        await Eventually.HoldsAsync(async () =>
            (await notices.ListNoticesAsync(new() { PersonIdentityNumber = Child }, caseworker, cancellationToken: Ct)).Notices.Count(n => n.Kind == "coordination_lead") == 3,
            "a letter for the designation, the change and the end");
        var letters = (await notices.ListNoticesAsync(new() { PersonIdentityNumber = Child }, caseworker, cancellationToken: Ct)).Notices.Where(n => n.Kind == "coordination_lead").ToList();
        Assert.All(letters, n => Assert.Equal(Common.V1.WrittenStandard.Nn, n.WrittenStandard));
        Assert.Contains(letters, n => n.Subject == "Samordningsansvarleg teneste er utpeika" && n.Body.Contains("PPT Nord", StringComparison.Ordinal) && n.Body.Contains("ikkje eit vedtak", StringComparison.Ordinal));
        Assert.Contains(letters, n => n.Subject == "Samordningsansvaret er avslutta");
        Assert.All(letters, n => Assert.DoesNotContain(Child, n.Body, StringComparison.Ordinal));
    }

    public ValueTask DisposeAsync() => _all?.DisposeAsync() ?? ValueTask.CompletedTask;
}
