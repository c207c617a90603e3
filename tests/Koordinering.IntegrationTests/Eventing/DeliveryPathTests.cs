using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Koordinering.IntegrationTests.Eventing;

/// <summary>What the direct delivery path costs the database (ADR 9): rows only where they are needed, no lock held across a post.</summary>
public sealed class DeliveryPathTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AddEventsAsync(ServiceHost<ApplicationApi> host, IEnumerable<ApplicationSubmittedV1> events)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        foreach (var e in events)
        {
            db.AddEvent(e);
        }
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<int> DeliveryRowsAsync(ServiceHost<ApplicationApi> host, string subscriber)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.Set<OutboxDelivery>().CountAsync(d => d.Subscriber == subscriber, Ct);
    }

    [Fact]
    public async Task Once_a_subscriber_has_said_it_has_no_route_for_a_topic_its_events_get_no_row_in_its_queue()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        await using var routed = await FakeSubscriber.StartAsync(EventTypes.Of<ApplicationSubmittedV1>());
        await using var elsewhere = await FakeSubscriber.StartAsync(EventTypes.Of<ApplicationWithdrawnV1>());
        using var tokens = new TestTokens();
        var settings = EventingSetup.Relay([routed.BaseAddress, elsewhere.BaseAddress]);
        settings["Eventing:SubscriptionCacheTime"] = "00:10:00";
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens, settings: settings).Start();

        // The first event goes to both queues: the relay has not yet read either /dapr/subscribe.
        await AddEventsAsync(host, [EventingSetup.Submitted(Guid.NewGuid())]);
        await Eventually.HoldsAsync(() => Task.FromResult(routed.Accepted.Count == 1), "the first event is delivered");
        await Eventually.HoldsAsync(async () => await DeliveryRowsAsync(host, elsewhere.BaseAddress) == 1, "the other subscriber's queue had the first event");

        var later = Enumerable.Range(0, 10).Select(_ => EventingSetup.Submitted(Guid.NewGuid())).ToList();
        await AddEventsAsync(host, later);
        await Eventually.HoldsAsync(() => Task.FromResult(routed.Accepted.Count == 11), "the later events are delivered");

        Assert.Equal(11, await DeliveryRowsAsync(host, routed.BaseAddress));
        Assert.Equal(1, await DeliveryRowsAsync(host, elsewhere.BaseAddress));
        Assert.Empty(elsewhere.Attempts);
    }

    [Fact]
    public async Task No_transaction_holds_a_lock_on_the_delivery_queue_while_a_subscriber_handles_an_event()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        await using var subscriber = await FakeSubscriber.StartAsync(EventTypes.Of<ApplicationSubmittedV1>());
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens, settings: EventingSetup.Relay(subscriber.BaseAddress)).Start();
        var seen = new List<long>();
        subscriber.Answer = _ =>
        {
            // While the subscriber holds the post: who, in the producer's database, is idle in a transaction holding the queue?
            using var connection = new NpgsqlConnection(cs);
            connection.Open();
            using var command = new NpgsqlCommand("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.relation = 'outbox_deliveries'::regclass AND a.state LIKE 'idle in transaction%'
                """, connection);
            lock (seen)
            {
                seen.Add((long)command.ExecuteScalar()!);
            }
            return "SUCCESS";
        };

        await AddEventsAsync(host, Enumerable.Range(0, 5).Select(_ => EventingSetup.Submitted(Guid.NewGuid())));
        await Eventually.HoldsAsync(() => Task.FromResult(subscriber.Accepted.Count == 5), "every event is delivered");

        lock (seen)
        {
            Assert.Equal(5, seen.Count);
            Assert.All(seen, held => Assert.Equal(0, held));
        }
    }
}
