using System.Net;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.ServiceDefaults.Security;
using Koordinering.UnitTests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>The Folkeregisteret adapter, registered as every service registers it, against the bulk lookup's shape on loopback.</summary>
public sealed class FolkeregisteretTests : IAsyncLifetime
{
    private static readonly string Mother = IdentityNumbers.For(new DateOnly(1984, 4, 4));
    private static readonly string Father = IdentityNumbers.For(new DateOnly(1983, 3, 3));
    private static readonly string Child = IdentityNumbers.For(new DateOnly(2015, 5, 5));
    private readonly FakeMaskinporten _maskinporten = new();
    private readonly FakeFolkeregisteret _register = new();
    private WebApplication _app = null!;

    public ValueTask InitializeAsync()
    {
        _register.ParentalResponsibility(Mother, Child).ParentOnly(Father, Child);
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in _maskinporten.Settings(withCertificate: false))
        {
            builder.Configuration[key] = value;
        }
        builder.Configuration["PopulationRegister:Folkeregisteret:BaseUrl"] = _register.BaseAddress;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPopulationRegister();
        _app = builder.Build();
        return ValueTask.CompletedTask;
    }

    private IPopulationRegister Register => _app.Services.GetRequiredService<IPopulationRegister>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Guardians_are_those_with_parental_responsibility_and_a_parent_without_it_is_not_one()
    {
        Assert.Equal([Mother], await Register.GuardiansOfAsync(Child, Ct));
        Assert.True(await Register.IsGuardianAsync(Mother, Child, Ct));
        Assert.False(await Register.IsGuardianAsync(Father, Child, Ct));
        Assert.Equal([Child], await Register.ChildrenOfAsync(Mother, Ct));
        Assert.Empty(await Register.ChildrenOfAsync(Father, Ct));
    }

    [Fact]
    public async Task A_lookup_is_a_post_with_a_token_the_identity_number_never_in_the_path_and_answers_are_kept_a_while()
    {
        await Register.GuardiansOfAsync(Child, Ct);
        await Register.IsGuardianAsync(Mother, Child, Ct);
        var lookups = _register.Server.Received.ToList();
        Assert.Single(lookups);
        Assert.Equal(FakeFolkeregisteret.LookupPath, lookups[0].Path);
        Assert.DoesNotContain(Child, lookups[0].Path, StringComparison.Ordinal);
        Assert.Contains(Child, lookups[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("Bearer token-", lookups[0].Authorization, StringComparison.Ordinal);
        Assert.Contains(_maskinporten.Grants, g => g.GetProperty("scope").GetString() == "folkeregister:deling/offentligmedhjemmel");
    }

    [Fact]
    public async Task A_passing_failure_is_retried_and_a_register_that_keeps_failing_denies_rather_than_guesses()
    {
        _register.Failures = 1;
        Assert.Equal([Mother], await Register.GuardiansOfAsync(Child, Ct));

        _register.FailWith = HttpStatusCode.InternalServerError;
        _register.Failures = 100;
        await Assert.ThrowsAsync<PopulationRegisterUnavailableException>(() => Register.GuardiansOfAsync(Mother, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _register.DisposeAsync();
        await _maskinporten.DisposeAsync();
    }
}
