using Grpc.Core;
using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_caller_over_its_rate_gets_resource_exhausted_and_others_are_not_held_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var tokens = new TestTokens();
        var cs = await TestPostgres.ProvisionAsync("ratelimit");
        Assert.Equal(0, (await ServiceFixture<ConsentApi, ConsentDbContext>.RunMigrateModeAsync(cs)).ExitCode);
        await using var host = new ServiceHost<ConsentApi>(cs, tokens).Set("CallerPolicy:RateLimitBurst", "3").Set("CallerPolicy:RateLimitPerSecond", "1").Start();
        var client = new Koordinering.Consent.V1.ConsentService.ConsentServiceClient(host.Channel);
        var busy = TestTokens.Bearer(tokens.Caseworker("0301", "busy"));
        var calm = TestTokens.Bearer(tokens.Caseworker("0301", "calm"));

        var statuses = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            try
            {
                await client.GetConsentAsync(new() { ConsentId = Guid.NewGuid().ToString() }, busy, cancellationToken: ct);
            }
            catch (RpcException ex)
            {
                statuses.Add(ex.StatusCode);
            }
        }
        Assert.Contains(StatusCode.ResourceExhausted, statuses);
        Assert.Equal(StatusCode.NotFound, statuses[0]);
        var other = await Assert.ThrowsAsync<RpcException>(() => client.GetConsentAsync(new() { ConsentId = Guid.NewGuid().ToString() }, calm, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
    }
}
