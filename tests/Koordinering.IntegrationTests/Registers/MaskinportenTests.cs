using System.Net;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.ServiceDefaults.Maskinporten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>The Maskinporten client against a token endpoint on loopback that verifies the grant's signature.</summary>
public sealed class MaskinportenTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static ServiceProvider Services(FakeMaskinporten maskinporten, bool withCertificate, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(maskinporten.Settings(withCertificate)!).Build();
        var services = new ServiceCollection().AddMaskinporten(configuration);
        services.AddSingleton(sp => new MaskinportenTokens(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<MaskinportenOptions>>(), time));
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_grant_is_signed_by_the_client_and_carries_the_documented_claims(bool withCertificate)
    {
        await using var maskinporten = new FakeMaskinporten();
        await using var services = Services(maskinporten, withCertificate, new FakeTimeProvider(Start));

        var token = await services.GetRequiredService<MaskinportenTokens>().GetAsync("krr:global/kontaktinformasjon.read", TestContext.Current.CancellationToken);

        Assert.Equal("token-1", token);
        var claims = Assert.Single(maskinporten.Grants);
        var header = Assert.Single(maskinporten.Headers);
        Assert.Equal(withCertificate, header.TryGetProperty("x5c", out _));
        Assert.Equal(!withCertificate, header.TryGetProperty("kid", out _));
        Assert.Equal(FakeMaskinporten.Issuer, claims.GetProperty("aud").GetString());
        Assert.Equal("koordinering-test-client", claims.GetProperty("iss").GetString());
        Assert.Equal("krr:global/kontaktinformasjon.read", claims.GetProperty("scope").GetString());
        Assert.Equal(Start.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.InRange(claims.GetProperty("exp").GetInt64() - Start.ToUnixTimeSeconds(), 1, 120);
        Assert.True(Guid.TryParse(claims.GetProperty("jti").GetString(), out _));
        Assert.Equal(6, claims.EnumerateObject().Count());
    }

    [Fact]
    public async Task A_token_is_cached_per_scope_and_renewed_shortly_before_it_expires()
    {
        await using var maskinporten = new FakeMaskinporten { ExpiresIn = 120 };
        var time = new FakeTimeProvider(Start);
        await using var services = Services(maskinporten, withCertificate: true, time);
        var tokens = services.GetRequiredService<MaskinportenTokens>();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("token-1", await tokens.GetAsync("scope:a", ct));
        Assert.Equal("token-1", await tokens.GetAsync("scope:a", ct));
        Assert.Equal("token-2", await tokens.GetAsync("scope:b", ct));
        time.Advance(TimeSpan.FromSeconds(80));
        Assert.Equal("token-1", await tokens.GetAsync("scope:a", ct));
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("token-3", await tokens.GetAsync("scope:a", ct));
        Assert.Equal(3, maskinporten.Issued);
        Assert.Equal(Start.AddSeconds(95).ToUnixTimeSeconds(), maskinporten.Grants.Last().GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task A_refused_grant_is_an_error_that_carries_no_grant_and_is_not_retried()
    {
        await using var maskinporten = new FakeMaskinporten { Failure = HttpStatusCode.BadRequest };
        await using var services = Services(maskinporten, withCertificate: true, new FakeTimeProvider(Start));

        var error = await Assert.ThrowsAsync<MaskinportenException>(() => services.GetRequiredService<MaskinportenTokens>().GetAsync("scope:a", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.DoesNotContain("eyJ", error.Message, StringComparison.Ordinal);
        Assert.Single(maskinporten.Server.Received);
    }

    [Fact]
    public async Task A_server_error_is_retried_by_the_resilience_handler()
    {
        await using var maskinporten = new FakeMaskinporten { Failure = HttpStatusCode.ServiceUnavailable };
        await using var services = Services(maskinporten, withCertificate: true, new FakeTimeProvider(Start));
        var tokens = services.GetRequiredService<MaskinportenTokens>();
        var attempt = tokens.GetAsync("scope:a", TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => Task.FromResult(maskinporten.Server.Received.Count >= 2), "the token request retried", TimeSpan.FromSeconds(20));
        maskinporten.Failure = null;

        Assert.StartsWith("token-", await attempt, StringComparison.Ordinal);
    }
}
