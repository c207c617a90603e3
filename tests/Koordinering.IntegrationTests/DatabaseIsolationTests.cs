using System.Net;
using Koordinering.IntegrationTests.Infrastructure;
using Npgsql;

namespace Koordinering.IntegrationTests;

public sealed class DatabaseIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_role_cannot_open_another_service_database()
    {
        var application = await TestPostgres.ProvisionAsync("iso_application");
        var consent = await TestPostgres.ProvisionAsync("iso_consent");

        // Each role opens its own database...
        await using (var own = new NpgsqlConnection(application)) { await own.OpenAsync(Ct); }

        // ...but not the other's, even with its own valid password.
        var crossed = new NpgsqlConnectionStringBuilder(application) { Database = new NpgsqlConnectionStringBuilder(consent).Database }.ConnectionString;
        await using var foreign = new NpgsqlConnection(crossed);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => foreign.OpenAsync(Ct));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
    }

    [Fact]
    public async Task A_service_is_not_ready_until_its_database_is_migrated()
    {
        var connectionString = await TestPostgres.ProvisionAsync("unmigrated");
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<Consent.Api.ConsentApi>(connectionString, tokens).Start();

        using var live = await host.Http.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
        using var notReady = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);

        var (exitCode, output) = await ServiceFixture<Consent.Api.ConsentApi, Consent.Data.ConsentDbContext>.RunMigrateModeAsync(connectionString);
        Assert.True(exitCode == 0, output);
        using var ready = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
