using Grpc.Core;
using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ops = Koordinering.Operations.V1;

namespace Koordinering.IntegrationTests.Eventing;

public sealed class OutboxRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task WithDbAsync(ServiceHost<ApplicationApi> host, Func<ApplicationDbContext, Task> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    private static async Task<string> OutboxStateAsync(ServiceHost<ApplicationApi> host, FakeSubscriber subscriber)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().ToListAsync();
        var errors = string.Join(" | ", rows.Select(r => r.LastError).Where(e => e is not null).Distinct());
        return $"Outbox: {rows.Count} rows, {rows.Count(r => r.PublishedAt != null)} published, max attempts {rows.DefaultIfEmpty().Max(r => r?.Attempts ?? 0)}; errors: {errors}; subscriber attempts {subscriber.Attempts.Count}, accepted {subscriber.Accepted.Count}.";
    }

    private static Application.Domain.Application NewApplication(Guid id) => Application.Domain.Application.Receive(new()
    {
        Id = id,
        MunicipalityNumber = "0301",
        ReceivedAt = DateTimeOffset.UtcNow,
        SubmittedBy = "test",
        ClientRequestId = id.ToString(),
    }, "test");

    [Fact]
    public async Task A_change_and_its_event_commit_or_roll_back_together()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens).Start();
        var rolledBack = EventingSetup.Submitted(Guid.NewGuid());
        var committed = EventingSetup.Submitted(Guid.NewGuid());
        var failed = EventingSetup.Submitted(committed.AggregateId);

        await WithDbAsync(host, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Applications.Add(NewApplication(rolledBack.AggregateId));
            db.AddEvent(rolledBack);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        });
        await WithDbAsync(host, async db =>
        {
            db.Applications.Add(NewApplication(committed.AggregateId));
            db.AddEvent(committed);
            await db.SaveChangesAsync(Ct);
        });
        await WithDbAsync(host, async db =>
        {
            db.Applications.Add(NewApplication(committed.AggregateId)); // the same key again: the save fails
            db.AddEvent(failed);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        });

        await WithDbAsync(host, async db =>
        {
            Assert.False(await db.Applications.AnyAsync(a => a.Id == rolledBack.AggregateId, Ct));
            Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.Id == rolledBack.EventId, Ct));
            Assert.True(await db.Applications.AnyAsync(a => a.Id == committed.AggregateId, Ct));
            Assert.True(await db.Set<OutboxMessage>().AnyAsync(m => m.Id == committed.EventId, Ct));
            Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.Id == failed.EventId, Ct));
        });
    }

    [Fact]
    public async Task A_poison_event_is_dead_lettered_the_events_behind_it_flow_and_an_operator_can_replay_it()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        await using var subscriber = await FakeSubscriber.StartAsync(EventTypes.Of<ApplicationSubmittedV1>());
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens, settings: EventingSetup.Relay(subscriber.BaseAddress, maxAttempts: 3))
            .Set("Access:SystemClients:991825827:0", "0301").Start(); // the operator runs the platform for 0301

        var aggregate = Guid.NewGuid();
        var poison = EventingSetup.Submitted(aggregate);
        var behindOnSameAggregate = EventingSetup.Submitted(aggregate);
        var other = EventingSetup.Submitted(Guid.NewGuid());
        subscriber.Answer = id => id == poison.EventId.ToString() ? "RETRY" : "SUCCESS";
        await WithDbAsync(host, async db =>
        {
            db.AddEvent(poison);
            db.AddEvent(behindOnSameAggregate);
            db.AddEvent(other);
            await db.SaveChangesAsync(Ct);
        });

        await Eventually.HoldsAsync(() => Task.FromResult(subscriber.Accepted.Count == 2), "the two healthy events are delivered", describe: () => OutboxStateAsync(host, subscriber));
        // Three passes (MaxAttempts), each one try and two quick in-process retries.
        Assert.Equal(3 * 3, subscriber.Attempts.Count(a => a == poison.EventId.ToString()));
        Assert.DoesNotContain(subscriber.Accepted, d => d.EventId == poison.EventId.ToString());
        await WithDbAsync(host, async db =>
        {
            var deadLetter = await db.Set<DeadLetter>().SingleAsync(Ct);
            Assert.Equal(poison.EventId, deadLetter.EventId);
            Assert.Equal(3, deadLetter.Attempts);
            Assert.Contains("retry", deadLetter.LastError, StringComparison.OrdinalIgnoreCase);
            // Out of the subscriber's queue (direct delivery keeps a queue per subscriber).
            Assert.False(await db.Set<OutboxDelivery>().AnyAsync(d => d.MessageId == poison.EventId && d.DeliveredAt == null, Ct));
        });

        // The operator sees it and replays it once the subscriber is mended.
        var admin = new Ops.EventAdminService.EventAdminServiceClient(host.Channel);
        var denied = await Assert.ThrowsAsync<RpcException>(() => admin.ListDeadLettersAsync(new(), TestTokens.Bearer(tokens.Caseworker("0301")), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var operatorToken = TestTokens.Bearer(tokens.System("991825827", "koordinering:operations"));
        var listed = await admin.ListDeadLettersAsync(new(), operatorToken, cancellationToken: Ct);
        var entry = Assert.Single(listed.DeadLetters);
        Assert.Equal(poison.EventId.ToString(), entry.EventId);
        Assert.Equal(Ops.DeadLetterSource.Outbox, entry.Source);

        subscriber.Answer = _ => "SUCCESS";
        await admin.ReplayDeadLetterAsync(new() { DeadLetterId = entry.DeadLetterId }, operatorToken, cancellationToken: Ct);
        await Eventually.HoldsAsync(() => Task.FromResult(subscriber.Accepted.Any(d => d.EventId == poison.EventId.ToString())), "the replayed event is delivered");
        var again = await Assert.ThrowsAsync<RpcException>(() => admin.ReplayDeadLetterAsync(new() { DeadLetterId = entry.DeadLetterId }, operatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Empty((await admin.ListDeadLettersAsync(new(), operatorToken, cancellationToken: Ct)).DeadLetters);
    }

    [Fact]
    public async Task Two_relays_on_one_database_publish_each_row_once_and_in_order_per_aggregate()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        await using var subscriber = await FakeSubscriber.StartAsync(EventTypes.Of<ApplicationSubmittedV1>());
        using var tokens = new TestTokens();
        var settings = EventingSetup.Relay(subscriber.BaseAddress);
        settings["Eventing:BatchSize"] = "7";
        await using var first = new ServiceHost<ApplicationApi>(cs, tokens, settings: settings).Start();
        await using var second = new ServiceHost<ApplicationApi>(cs, tokens, settings: settings).Start();

        var aggregates = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var events = Enumerable.Range(0, 200).Select(i => EventingSetup.Submitted(aggregates[i % aggregates.Count])).ToList();
        await WithDbAsync(first, async db =>
        {
            foreach (var e in events)
            {
                db.AddEvent(e);
            }
            await db.SaveChangesAsync(Ct);
        });

        await Eventually.HoldsAsync(() => Task.FromResult(subscriber.Accepted.Count >= events.Count), "every event is delivered", TimeSpan.FromSeconds(60), () => OutboxStateAsync(first, subscriber));
        await Task.Delay(500, Ct); // time for a wrongful second delivery to show
        var delivered = subscriber.Accepted.ToList();
        Assert.Equal(events.Count, delivered.Count);
        Assert.Equal(events.Count, delivered.Select(d => d.EventId).Distinct().Count());
        List<OutboxMessage> rows = [];
        await WithDbAsync(first, async db => rows = await db.Set<OutboxMessage>().OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence).ToListAsync(Ct));
        Assert.All(rows, r => Assert.NotNull(r.PublishedAt));
        foreach (var aggregate in aggregates)
        {
            // The order they were added in is the order they are published in.
            Assert.Equal(events.Where(e => e.AggregateId == aggregate).Select(e => e.EventId.ToString()),
                delivered.Where(d => d.Subject == aggregate.ToString()).Select(d => d.EventId));
            var inSequence = rows.Where(r => r.AggregateId == aggregate).Select(r => r.Id.ToString());
            Assert.Equal(inSequence, delivered.Where(d => d.Subject == aggregate.ToString()).Select(d => d.EventId));
        }
    }
}
