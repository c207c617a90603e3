using Koordinering.Application.Api;
using Koordinering.IntegrationTests.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.ServiceDefaults.Audit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Koordinering.IntegrationTests.Security;

/// <summary>
/// The audit writer's group commit (ADR 9): the records of calls that end while an insert is in flight go
/// together in the next insert, each call returns only once its records are committed, and one call's bad
/// record fails that call alone.
/// </summary>
public sealed class AuditWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditRecord Record(string resource, string actorKind = "service") =>
        new() { At = DateTimeOffset.UnixEpoch, ActorKind = actorKind, Action = "test", Resource = resource, Purpose = "test", Allowed = true };

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The service's own role may not lock its append-only table in a mode that blocks inserts; the superuser may.</summary>
    private static NpgsqlConnection Superuser(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Database = new NpgsqlConnectionStringBuilder(connectionString).Database }.ConnectionString);

    [Fact]
    public async Task The_records_of_calls_that_end_while_an_insert_waits_are_committed_together_in_the_next()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens).Start();
        var writer = host.Services.GetRequiredService<AuditWriter>();

        // Another session holds the table, so the first insert waits in the database.
        await using var blocker = Superuser(cs);
        await blocker.OpenAsync(Ct);
        await using var hold = await blocker.BeginTransactionAsync(Ct);
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE audit_records IN EXCLUSIVE MODE", blocker, hold))
        {
            await lockTable.ExecuteNonQueryAsync(Ct);
        }
        var first = writer.WriteAsync([Record("first")]);
        await Eventually.HoldsAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO audit_records%'") == 1,
            "the first insert waits for the lock");
        var later = Enumerable.Range(0, 20).Select(i => writer.WriteAsync([Record($"later-{i}")])).ToList();
        await Task.Delay(200, Ct);
        Assert.False(first.IsCompleted, "a call is answered before its record is committed");
        Assert.DoesNotContain(later, t => t.IsCompleted);

        await hold.CommitAsync(Ct);
        await Task.WhenAll(later.Append(first)).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(21, await ScalarAsync(cs, "SELECT count(*) FROM audit_records"));
        // Rows written by one transaction share its xmin: the first insert, then one for all twenty.
        Assert.Equal(2, await ScalarAsync(cs, "SELECT count(DISTINCT xmin::text) FROM audit_records"));
    }

    [Fact]
    public async Task A_bad_record_fails_its_own_call_and_the_others_in_its_batch_are_still_committed()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens).Start();
        var writer = host.Services.GetRequiredService<AuditWriter>();

        await using var blocker = Superuser(cs);
        await blocker.OpenAsync(Ct);
        await using var hold = await blocker.BeginTransactionAsync(Ct);
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE audit_records IN EXCLUSIVE MODE", blocker, hold))
        {
            await lockTable.ExecuteNonQueryAsync(Ct);
        }
        var first = writer.WriteAsync([Record("first")]);
        await Eventually.HoldsAsync(async () => await ScalarAsync(cs, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO audit_records%'") == 1,
            "the first insert waits for the lock");
        var good = Enumerable.Range(0, 5).Select(i => writer.WriteAsync([Record($"good-{i}")])).ToList();
        // An actor kind longer than its column: the database refuses the row.
        var bad = writer.WriteAsync([Record("bad", actorKind: new string('x', 40))]);
        await hold.CommitAsync(Ct);

        await Task.WhenAll(good.Append(first)).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        Assert.Equal(6, await ScalarAsync(cs, "SELECT count(*) FROM audit_records"));
        Assert.Equal(0, await ScalarAsync(cs, "SELECT count(*) FROM audit_records WHERE resource = 'bad'"));
    }
}
