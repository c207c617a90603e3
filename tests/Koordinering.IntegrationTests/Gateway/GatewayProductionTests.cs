using System.Net;
using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.UnitTests;

namespace Koordinering.IntegrationTests.Gateway;

/// <summary>
/// A service as it runs in a cluster (the Production environment, citizens' tokens from an
/// ID-porten-like issuer): the JSON routes keep the rate limit per caller (429) and still send
/// the error details a client needs (the field violations), and nothing internal.
/// </summary>
public sealed class GatewayProductionTests
{
    private const string CitizenIssuer = "koordinering-test-idporten";

    [Fact]
    public async Task In_production_a_caller_over_its_rate_gets_429_others_do_not_and_errors_keep_their_field_violations()
    {
        using var tokens = new TestTokens();
        var database = await TestPostgres.ProvisionAsync("gateway_production");
        Assert.Equal(0, (await ServiceFixture<ConsentApi, ConsentDbContext>.RunMigrateModeAsync(database)).ExitCode);
        await using var host = new ServiceHost<ConsentApi>(database, tokens).InEnvironment("Production")
            .Set("Authentication:Local:Enabled", "false")
            .Set("Authentication:Issuers:1:Issuer", CitizenIssuer).Set("Authentication:Issuers:1:Audiences:0", TestTokens.Audience)
            .Set("Authentication:Issuers:1:PublicKeyFile", tokens.PublicKeyFile).Set("Authentication:Issuers:1:Kinds:0", "citizen")
            .Set("CallerPolicy:RateLimitBurst", "3").Set("CallerPolicy:RateLimitPerSecond", "1")
            .Start();
        using var gateway = new GatewayClient(host.GatewayAddress, HttpVersion.Version20);
        string Citizen(string person) => tokens.Mint(new() { ["sub"] = person, ["pid"] = person, ["acr"] = "idporten-loa-high" }, issuer: CitizenIssuer);

        var busy = Citizen(IdentityNumbers.For(new DateOnly(1970, 1, 1)));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await gateway.GetAsync($"/v1/consents/{Guid.NewGuid()}", busy)).Status);
        }
        Assert.Equal(HttpStatusCode.NotFound, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync($"/v1/consents/{Guid.NewGuid()}", Citizen(IdentityNumbers.For(new DateOnly(1971, 1, 1))))).Status);

        var person = IdentityNumbers.For(new DateOnly(1972, 1, 1));
        var token = Citizen(person);
        var invalid = await gateway.PostAsync("/v1/consents", token, new Dictionary<string, object>
        {
            ["municipalityNumber"] = "1",
            ["subjectIdentityNumber"] = person,
            ["purposes"] = new[] { "CONSENT_PURPOSE_INDIVIDUAL_PLAN" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("municipality_number", invalid.FieldViolations);
        var broken = await gateway.SendAsync(HttpMethod.Post, "/v1/consents", token, "{\"purposes\": [");
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.DoesNotContain("Exception", broken.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", broken.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(person, invalid.Text + broken.Text, StringComparison.Ordinal);
    }
}
