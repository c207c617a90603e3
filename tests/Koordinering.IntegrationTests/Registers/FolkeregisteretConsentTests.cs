using Grpc.Core;
using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.IntegrationTests.Consents;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.UnitTests;
using V1 = Koordinering.Consent.V1;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// The Consent service with Folkeregisteret as its population register (no local file): the guardian rules stand on
/// the parental responsibility the register gives, and a register that does not answer denies.
/// </summary>
public sealed class FolkeregisteretConsentTests : IAsyncLifetime
{
    private static readonly string Mother = IdentityNumbers.For(new DateOnly(1984, 6, 6));
    private static readonly string Father = IdentityNumbers.For(new DateOnly(1983, 7, 7));
    private static readonly string Child = IdentityNumbers.For(new DateOnly(2017, 8, 8));
    private readonly FakeMaskinporten _maskinporten = new();
    private readonly FakeFolkeregisteret _register = new();
    private readonly TestTokens _tokens = new();
    private ServiceHost<ConsentApi> _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _register.ParentalResponsibility(Mother, Child).ParentOnly(Father, Child);
        var cs = await TestPostgres.ProvisionAsync("consent_freg");
        var (exit, output) = await ServiceFixture<ConsentApi, ConsentDbContext>.RunMigrateModeAsync(cs);
        Assert.True(exit == 0, output);
        _host = new ServiceHost<ConsentApi>(cs, _tokens);
        foreach (var (key, value) in _maskinporten.Settings(withCertificate: true))
        {
            _host.Set(key, value);
        }
        _host.Set("PopulationRegister:Folkeregisteret:BaseUrl", _register.BaseAddress).Start();
    }

    private V1.ConsentService.ConsentServiceClient Client => new(_host.Channel);

    private Metadata Citizen(string identityNumber) => TestTokens.Bearer(_tokens.Citizen(identityNumber));

    [Fact]
    public async Task The_guardian_in_folkeregisteret_consents_for_the_child_and_a_parent_without_parental_responsibility_cannot()
    {
        var given = await Client.GiveConsentAsync(ConsentTests.Digital(Child, Mother, V1.GiverRole.Guardian, ConsentHost.School), Citizen(Mother), cancellationToken: Ct);
        Assert.Equal(V1.ConsentStatus.Active, given.Consent.Status);
        Assert.Contains(given.Consent.ConsentId, (await Client.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = Child }, Citizen(Mother), cancellationToken: Ct)).Consents.Select(c => c.ConsentId));

        var father = await Assert.ThrowsAsync<RpcException>(() => Client.GiveConsentAsync(ConsentTests.Digital(Child, Father, V1.GiverRole.Guardian, ConsentHost.School), Citizen(Father), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, father.StatusCode);
        Assert.DoesNotContain(Child, father.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_folkeregisteret_does_not_answer_a_guardians_consent_is_unavailable_not_granted()
    {
        var other = IdentityNumbers.For(new DateOnly(2018, 9, 9));
        _register.ParentalResponsibility(Mother, other);
        _register.FailWith = System.Net.HttpStatusCode.InternalServerError;
        _register.Failures = 100;
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.GiveConsentAsync(ConsentTests.Digital(other, Mother, V1.GiverRole.Guardian, ConsentHost.School), Citizen(Mother), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.DoesNotContain(other, refused.Status.Detail, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _register.DisposeAsync();
        await _maskinporten.DisposeAsync();
        _tokens.Dispose();
    }
}
