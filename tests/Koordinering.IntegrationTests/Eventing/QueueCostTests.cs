using System.Text.Json;
using Koordinering.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Npgsql;

namespace Koordinering.IntegrationTests.Eventing;

/// <summary>
/// The relay's and the deliveries' claims read a number of pages bounded by the batch, however long
/// the backlog (ADR 9). Counted in PostgreSQL's buffer reads from EXPLAIN ANALYZE, which do not
/// depend on how busy the machine is.
/// </summary>
public sealed class QueueCostTests
{
    private const int Aggregates = 200;
    private const int PerAggregate = 10;
    private const int Batch = 50;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A backlog of 2,000 unpublished events, ten for each of 200 aggregates, each also waiting in one subscriber's queue.</summary>
    private static async Task<NpgsqlConnection> BacklogAsync()
    {
        var connection = new NpgsqlConnection(await EventingSetup.MigratedApplicationDatabaseAsync());
        await connection.OpenAsync(Ct);
        await using var seed = new NpgsqlCommand($"""
            INSERT INTO outbox_messages (id, event_type, topic, aggregate_id, municipality_number, payload, created_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), 't', 't', ('00000000-0000-0000-0000-' || lpad(to_hex(g % {Aggregates}), 12, '0'))::uuid, '0301', '{"{}"}',
                   timestamptz '2026-01-01' + g * interval '1 ms', 0, timestamptz '2026-01-01'
            FROM generate_series(1, {Aggregates * PerAggregate}) g;
            INSERT INTO outbox_deliveries (message_id, subscriber, aggregate_id, created_at, sequence, attempts, next_attempt_at)
            SELECT id, 'http://subscriber', aggregate_id, created_at, sequence, 0, timestamptz '2026-01-01' FROM outbox_messages;
            """, connection);
        await seed.ExecuteNonQueryAsync(Ct);
        return connection;
    }

    /// <summary>Runs the statement under EXPLAIN (ANALYZE, BUFFERS) in a transaction that is rolled back; returns the pages it touched and the rows it gave.</summary>
    private static async Task<(long Pages, long Rows)> CostAsync(NpgsqlConnection connection, FormattableString statement)
    {
        var arguments = statement.GetArguments();
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, statement.Format,
            Enumerable.Range(1, arguments.Length).Select(i => (object)$"${i}").ToArray());
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, connection, transaction);
        foreach (var argument in arguments)
        {
            explain.Parameters.Add(new NpgsqlParameter { Value = argument });
        }
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(Ct))!);
        await transaction.RollbackAsync(Ct);
        var top = plan.RootElement[0].GetProperty("Plan");
        return (top.GetProperty("Shared Hit Blocks").GetInt64() + top.GetProperty("Shared Read Blocks").GetInt64(), top.GetProperty("Actual Rows").GetInt64());
    }

    [Fact]
    public async Task The_relay_claims_a_batch_of_a_long_backlog_by_reading_pages_in_proportion_to_the_batch()
    {
        await using var connection = await BacklogAsync();

        var (pages, rows) = await CostAsync(connection, OutboxRelay.DueHeads(DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Batch));

        Assert.Equal(Batch, rows);
        Assert.True(pages < Batch * 20, $"the claim read {pages} pages for a batch of {Batch} out of a backlog of {Aggregates * PerAggregate}");
    }

    [Fact]
    public async Task A_delivery_pass_claims_a_batch_of_a_long_queue_by_reading_pages_in_proportion_to_the_batch()
    {
        await using var connection = await BacklogAsync();
        var now = DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var (pages, rows) = await CostAsync(connection, SubscriberDeliveries.ClaimDueHeads("http://subscriber", now, now.AddMinutes(1), Batch));

        Assert.Equal(Batch, rows);
        Assert.True(pages < Batch * 20, $"the claim read {pages} pages for a batch of {Batch} out of a queue of {Aggregates * PerAggregate}");
    }
}
