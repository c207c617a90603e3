using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.Consent.Renewal;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.UnitTests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.IntegrationTests.Consents;

/// <summary>The Consent service on a real database, a fake clock, a population register and a subscriber to its events.</summary>
public sealed class ConsentHost : IAsyncLifetime
{
    public const string Municipality = "1103";
    public const string HomeNursing = "974600951";
    public const string School = "971183675";
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    public TestTokens Tokens { get; } = new();
    public ServiceHost<ConsentApi> Host { get; private set; } = null!;
    public FakeSubscriber Subscriber { get; private set; } = null!;
    public V1.ConsentService.ConsentServiceClient Client => new(Host.Channel);

    public static readonly string Adult = IdentityNumbers.For(new DateOnly(1970, 5, 5));
    public static readonly string Stranger = IdentityNumbers.For(new DateOnly(1972, 6, 6));
    public static readonly string Guardian = IdentityNumbers.For(new DateOnly(1985, 8, 8));
    public static readonly string CoGuardian = IdentityNumbers.For(new DateOnly(1986, 9, 9));
    public static readonly string Child = IdentityNumbers.For(new DateOnly(2016, 1, 10));
    public static readonly string Thirteen = IdentityNumbers.For(new DateOnly(2013, 3, 3));
    public static readonly string AlmostSixteen = IdentityNumbers.For(new DateOnly(2010, 12, 1));
    public static readonly string Sixteen = IdentityNumbers.For(new DateOnly(2010, 10, 1));

    private readonly string _register = Path.Combine(Path.GetTempPath(), $"koordinering-population-{Guid.NewGuid():N}.json");

    public async ValueTask InitializeAsync()
    {
        var relations = new[] { Child, Thirteen, AlmostSixteen, Sixteen }
            .SelectMany(child => new[] { new { guardian = Guardian, child }, new { guardian = CoGuardian, child } });
        await File.WriteAllTextAsync(_register, JsonSerializer.Serialize(relations));
        var cs = await TestPostgres.ProvisionAsync("consent");
        var (exit, output) = await ServiceFixture<ConsentApi, ConsentDbContext>.RunMigrateModeAsync(cs);
        Assert.True(exit == 0, output);
        Subscriber = await FakeSubscriber.StartAsync("koordinering.consent.given.v1", "koordinering.consent.withdrawn.v1", "koordinering.consent.renewal-due.v1");
        Host = new ServiceHost<ConsentApi>(cs, Tokens, services => services.AddSingleton<TimeProvider>(Time));
        foreach (var (key, value) in Eventing.EventingSetup.Relay(Subscriber.BaseAddress))
        {
            Host.Set(key, value);
        }
        Host.Set("PopulationRegister:LocalFile", _register).Set("Renewal:CheckInterval", "30.00:00:00").Start();
    }

    public Metadata Citizen(string identityNumber) => TestTokens.Bearer(Tokens.Citizen(identityNumber));
    public Metadata Caseworker => TestTokens.Bearer(Tokens.Caseworker(Municipality));
    public Metadata PlanService => TestTokens.Bearer(Tokens.Mint(new() { ["actor_kind"] = "service", ["sub"] = "koordinering-plan" }));

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Subscriber is not null) await Subscriber.DisposeAsync();
        Tokens.Dispose();
        File.Delete(_register);
    }
}

public sealed class ConsentTests(ConsentHost host) : IClassFixture<ConsentHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static V1.GiveConsentRequest Digital(string subject, string giver, V1.GiverRole role, params string[] organisations)
    {
        var request = new V1.GiveConsentRequest
        {
            MunicipalityNumber = ConsentHost.Municipality,
            SubjectIdentityNumber = subject,
            Givers = { new V1.Giver { IdentityNumber = giver, Role = role } },
            Purposes = { V1.ConsentPurpose.Coordination, V1.ConsentPurpose.IndividualPlan, V1.ConsentPurpose.ParticipantAccess },
        };
        request.Parties.AddRange(organisations.Select(o => new V1.PartyInput { OrganisationNumber = o, OrganisationName = "Tjeneste " + o }));
        return request;
    }

    private async Task<bool> AllowedAsync(string subject, V1.ConsentPurpose purpose, string organisation = "", string person = "") =>
        (await host.Client.CheckConsentAsync(new() { SubjectIdentityNumber = subject, Purpose = purpose, OrganisationNumber = organisation, PersonId = person }, host.PlanService, cancellationToken: Ct)).Allowed;

    [Fact]
    public async Task Give_check_withdraw_then_check_again_is_denied_and_a_second_withdrawal_changes_nothing()
    {
        var consent = (await host.Client.GiveConsentAsync(Digital(ConsentHost.Adult, ConsentHost.Adult, V1.GiverRole.Subject, ConsentHost.HomeNursing), host.Citizen(ConsentHost.Adult), cancellationToken: Ct)).Consent;
        Assert.Equal(V1.ConsentStatus.Active, consent.Status);
        Assert.Equal("idporten-loa-high", consent.Digital.AssuranceLevel);

        var check = await host.Client.CheckConsentAsync(new() { SubjectIdentityNumber = ConsentHost.Adult, Purpose = V1.ConsentPurpose.ParticipantAccess, OrganisationNumber = ConsentHost.HomeNursing }, host.PlanService, cancellationToken: Ct);
        Assert.True(check.Allowed);
        Assert.Equal(consent.ConsentId, check.ConsentId);
        Assert.False(await AllowedAsync(ConsentHost.Adult, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School));
        Assert.False(await AllowedAsync(ConsentHost.Adult, V1.ConsentPurpose.AssessmentInformation, ConsentHost.HomeNursing));

        await host.Client.WithdrawConsentAsync(new() { ConsentId = consent.ConsentId }, host.Citizen(ConsentHost.Adult), cancellationToken: Ct);
        Assert.False(await AllowedAsync(ConsentHost.Adult, V1.ConsentPurpose.ParticipantAccess, ConsentHost.HomeNursing));
        Assert.False(await AllowedAsync(ConsentHost.Adult, V1.ConsentPurpose.IndividualPlan));

        var twice = await Assert.ThrowsAsync<RpcException>(() => host.Client.WithdrawConsentAsync(new() { ConsentId = consent.ConsentId }, host.Citizen(ConsentHost.Adult), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);

        // Nothing is deleted: the history tells who did what.
        var history = (await host.Client.GetConsentHistoryAsync(new() { ConsentId = consent.ConsentId }, host.Citizen(ConsentHost.Adult), cancellationToken: Ct)).Entries;
        Assert.Equal(["given", "withdrawn"], history.Select(h => h.Action));
        var all = (await host.Client.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = ConsentHost.Adult, IncludeInactive = true }, host.Citizen(ConsentHost.Adult), cancellationToken: Ct)).Consents;
        Assert.Contains(all, c => c.ConsentId == consent.ConsentId && c.Status == V1.ConsentStatus.Withdrawn);
        Assert.DoesNotContain((await host.Client.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = ConsentHost.Adult }, host.Citizen(ConsentHost.Adult), cancellationToken: Ct)).Consents, c => c.ConsentId == consent.ConsentId);

        // The subscriber got one given and one withdrawn event for it, once each.
        await Eventually.HoldsAsync(() => Task.FromResult(host.Subscriber.Accepted.Count(d => d.Subject == consent.ConsentId) == 2), "both events are delivered");
        await Task.Delay(300, Ct);
        var delivered = host.Subscriber.Accepted.Where(d => d.Subject == consent.ConsentId).ToList();
        Assert.Equal(["koordinering.consent.given.v1", "koordinering.consent.withdrawn.v1"], delivered.Select(d => d.Type));
        Assert.Equal(2, delivered.Select(d => d.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Withdrawing_one_party_leaves_the_other_parties_access_standing()
    {
        var subject = IdentityNumbers.For(new DateOnly(1960, 2, 2));
        var consent = (await host.Client.GiveConsentAsync(Digital(subject, subject, V1.GiverRole.Subject, ConsentHost.HomeNursing, ConsentHost.School), host.Citizen(subject), cancellationToken: Ct)).Consent;
        var school = consent.Parties.Single(p => p.OrganisationNumber == ConsentHost.School);

        await host.Client.WithdrawPartyAsync(new() { ConsentId = consent.ConsentId, PartyId = school.PartyId }, host.Citizen(subject), cancellationToken: Ct);
        Assert.False(await AllowedAsync(subject, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School));
        Assert.True(await AllowedAsync(subject, V1.ConsentPurpose.ParticipantAccess, ConsentHost.HomeNursing));

        var again = await Assert.ThrowsAsync<RpcException>(() => host.Client.WithdrawPartyAsync(new() { ConsentId = consent.ConsentId, PartyId = school.PartyId }, host.Citizen(subject), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task A_party_named_with_a_person_covers_only_that_person()
    {
        var subject = IdentityNumbers.For(new DateOnly(1958, 4, 4));
        var request = Digital(subject, subject, V1.GiverRole.Subject);
        request.Parties.Add(new V1.PartyInput { OrganisationNumber = ConsentHost.School, PersonId = "teacher-1", PersonName = "Kontaktlærer" });
        await host.Client.GiveConsentAsync(request, host.Citizen(subject), cancellationToken: Ct);
        Assert.True(await AllowedAsync(subject, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School, "teacher-1"));
        Assert.False(await AllowedAsync(subject, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School, "teacher-2"));
        Assert.False(await AllowedAsync(subject, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School));
    }

    [Fact]
    public async Task For_a_child_under_16_the_guardians_consent_counts_and_the_childs_own_does_not_replace_it()
    {
        var own = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(Digital(ConsentHost.Child, ConsentHost.Child, V1.GiverRole.Subject, ConsentHost.School), host.Citizen(ConsentHost.Child), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, own.StatusCode);
        Assert.Contains("givers[0].role", own.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.False(await AllowedAsync(ConsentHost.Child, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School));

        var consent = (await host.Client.GiveConsentAsync(Digital(ConsentHost.Child, ConsentHost.Guardian, V1.GiverRole.Guardian, ConsentHost.School), host.Citizen(ConsentHost.Guardian), cancellationToken: Ct)).Consent;
        Assert.True(await AllowedAsync(ConsentHost.Child, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School));

        // Someone the register does not list as guardian cannot consent for the child.
        var notGuardian = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(Digital(ConsentHost.Child, ConsentHost.Stranger, V1.GiverRole.Guardian, ConsentHost.School), host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notGuardian.StatusCode);

        // A paper consent from both guardians, registered by a caseworker.
        var paper = Digital(ConsentHost.Child, ConsentHost.Guardian, V1.GiverRole.Guardian, ConsentHost.HomeNursing);
        paper.Givers.Add(new V1.Giver { IdentityNumber = ConsentHost.CoGuardian, Role = V1.GiverRole.Guardian });
        paper.PaperArchiveReference = "2026/1234-5";
        var registered = (await host.Client.GiveConsentAsync(paper, host.Caseworker, cancellationToken: Ct)).Consent;
        Assert.Equal("2026/1234-5", registered.Paper.ArchiveReference);
        Assert.Equal(2, registered.Givers.Count);

        // The guardian sees the child's consents; a stranger may not.
        var childs = (await host.Client.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = ConsentHost.Child }, host.Citizen(ConsentHost.Guardian), cancellationToken: Ct)).Consents;
        Assert.Contains(childs, c => c.ConsentId == consent.ConsentId);
    }

    [Fact]
    public async Task A_child_of_12_to_15_must_have_been_heard_and_a_16_year_old_consents_alone()
    {
        var unheard = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(Digital(ConsentHost.Thirteen, ConsentHost.Guardian, V1.GiverRole.Guardian, ConsentHost.School), host.Citizen(ConsentHost.Guardian), cancellationToken: Ct).ResponseAsync);
        Assert.Contains("child_heard", unheard.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        var heard = Digital(ConsentHost.Thirteen, ConsentHost.Guardian, V1.GiverRole.Guardian, ConsentHost.School);
        heard.ChildHeard = true;
        Assert.True((await host.Client.GiveConsentAsync(heard, host.Citizen(ConsentHost.Guardian), cancellationToken: Ct)).Consent.ChildHeard);

        var sixteen = (await host.Client.GiveConsentAsync(Digital(ConsentHost.Sixteen, ConsentHost.Sixteen, V1.GiverRole.Subject, ConsentHost.School), host.Citizen(ConsentHost.Sixteen), cancellationToken: Ct)).Consent;
        Assert.True(await AllowedAsync(ConsentHost.Sixteen, V1.ConsentPurpose.ParticipantAccess, ConsentHost.School));
        Assert.Null(sixteen.RenewalDueAt);
        var guardianFor16 = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(Digital(ConsentHost.Sixteen, ConsentHost.Guardian, V1.GiverRole.Guardian, ConsentHost.School), host.Citizen(ConsentHost.Guardian), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, guardianFor16.StatusCode);
    }

    [Fact]
    public async Task Validation_errors_name_their_field()
    {
        var request = Digital(ConsentHost.Adult, ConsentHost.Adult, V1.GiverRole.Subject, "12345");
        request.Purposes.Add(V1.ConsentPurpose.Unspecified);
        request.ValidTo = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(host.Time.GetUtcNow().AddDays(-1));
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.GiveConsentAsync(request, host.Citizen(ConsentHost.Adult), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(["purposes[3]", "parties[0].organisation_number", "valid_to"], ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));

        var check = await Assert.ThrowsAsync<RpcException>(() => host.Client.CheckConsentAsync(new() { SubjectIdentityNumber = "123", Purpose = V1.ConsentPurpose.Unspecified }, host.PlanService, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["subject_identity_number", "purpose"], check.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_citizen_cannot_read_another_persons_consents()
    {
        var subject = IdentityNumbers.For(new DateOnly(1955, 5, 5));
        var consent = (await host.Client.GiveConsentAsync(Digital(subject, subject, V1.GiverRole.Subject, ConsentHost.HomeNursing), host.Citizen(subject), cancellationToken: Ct)).Consent;

        var get = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetConsentAsync(new() { ConsentId = consent.ConsentId }, host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        var list = await Assert.ThrowsAsync<RpcException>(() => host.Client.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = subject }, host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);
        var withdraw = await Assert.ThrowsAsync<RpcException>(() => host.Client.WithdrawConsentAsync(new() { ConsentId = consent.ConsentId }, host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, withdraw.StatusCode);
        var check = await Assert.ThrowsAsync<RpcException>(() => host.Client.CheckConsentAsync(new() { SubjectIdentityNumber = subject, Purpose = V1.ConsentPurpose.IndividualPlan }, host.Citizen(ConsentHost.Stranger), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, check.StatusCode);

        // A caseworker of another municipality sees nothing either.
        var foreign = await Assert.ThrowsAsync<RpcException>(() => host.Client.GetConsentAsync(new() { ConsentId = consent.ConsentId }, TestTokens.Bearer(host.Tokens.Caseworker("0301")), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
    }
}

/// <summary>Moves the clock to a 16th birthday, so it has its own host.</summary>
public sealed class ConsentRenewalTests(ConsentHost host) : IClassFixture<ConsentHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1.GiveConsentRequest Digital(string subject, string giver, V1.GiverRole role, params string[] organisations) =>
        ConsentTests.Digital(subject, giver, role, organisations);

    [Fact]
    public async Task A_guardians_only_consent_is_flagged_for_renewal_on_the_16th_birthday()
    {
        var request = Digital(ConsentHost.AlmostSixteen, ConsentHost.Guardian, V1.GiverRole.Guardian, ConsentHost.School);
        request.ChildHeard = true;
        var consent = (await host.Client.GiveConsentAsync(request, host.Citizen(ConsentHost.Guardian), cancellationToken: Ct)).Consent;
        var monitor = host.Host.Services.GetRequiredService<RenewalMonitor>();
        var birthday = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1)).ToUniversalTime();

        host.Time.SetUtcNow(birthday.AddHours(-2));
        await monitor.RunOnceAsync(Ct);
        Assert.Null((await host.Client.GetConsentAsync(new() { ConsentId = consent.ConsentId }, host.Caseworker, cancellationToken: Ct)).Consent.RenewalDueAt);

        host.Time.SetUtcNow(birthday.AddHours(1));
        await monitor.RunOnceAsync(Ct);
        var flagged = (await host.Client.GetConsentAsync(new() { ConsentId = consent.ConsentId }, host.Caseworker, cancellationToken: Ct)).Consent;
        Assert.NotNull(flagged.RenewalDueAt);
        var due = (await host.Client.ListRenewalsDueAsync(new() { MunicipalityNumber = ConsentHost.Municipality }, host.Caseworker, cancellationToken: Ct)).Consents;
        Assert.Contains(due, c => c.ConsentId == consent.ConsentId);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Subscriber.Accepted.Any(d => d.Subject == consent.ConsentId && d.Type == "koordinering.consent.renewal-due.v1")), "the renewal event is delivered");
        Assert.Equal(0, await monitor.RunOnceAsync(Ct));
    }

}
