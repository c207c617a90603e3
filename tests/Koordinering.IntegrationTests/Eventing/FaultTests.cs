using System.Diagnostics;
using Grpc.Core;
using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Data;
using Koordinering.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using AppV1 = Koordinering.Application.V1;
using AuditV1 = Koordinering.Audit.V1;
using Ops = Koordinering.Operations.V1;

namespace Koordinering.IntegrationTests.Eventing;

/// <summary>
/// Issue 16: a service that is away for long loses nothing and holds back no other, an unavailable
/// subscriber is not a poison event, and a database that cannot be reached is Unavailable.
/// Direct delivery, on real sockets and a real PostgreSQL.
/// </summary>
public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string Topic = EventTypes.Of<ApplicationSubmittedV1>();

    private static async Task<T> WithDbAsync<T>(ServiceHost<ApplicationApi> host, Func<ApplicationDbContext, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    private static Task<int> AddEventsAsync(ServiceHost<ApplicationApi> host, IEnumerable<ApplicationSubmittedV1> events) => WithDbAsync(host, async db =>
    {
        foreach (var e in events)
        {
            db.AddEvent(e);
        }
        return await db.SaveChangesAsync(Ct);
    });

    private static Task<List<DeadLetter>> DeadLettersAsync(ServiceHost<ApplicationApi> host) =>
        WithDbAsync(host, db => db.Set<DeadLetter>().AsNoTracking().ToListAsync(Ct));

    private static Task<List<OutboxDelivery>> DeliveriesAsync(ServiceHost<ApplicationApi> host, string subscriber) =>
        WithDbAsync(host, db => db.Set<OutboxDelivery>().AsNoTracking().Where(d => d.Subscriber == subscriber).ToListAsync(Ct));

    private static async Task<string> StateAsync(ServiceHost<ApplicationApi> host, params FakeSubscriber[] subscribers)
    {
        var rows = await WithDbAsync(host, db => db.Set<OutboxDelivery>().AsNoTracking().ToListAsync(Ct));
        var deadLetters = await DeadLettersAsync(host);
        var perSubscriber = rows.GroupBy(r => r.Subscriber).Select(g =>
            $"{g.Key}: {g.Count()} rows, {g.Count(r => r.DeliveredAt != null)} delivered, max attempts {g.Max(r => r.Attempts)}, errors {string.Join(" | ", g.Select(r => r.LastError).Where(e => e is not null).Distinct())}");
        return $"Deliveries: {string.Join("; ", perSubscriber)}. Dead letters: {deadLetters.Count}. Subscribers: "
            + string.Join(", ", subscribers.Select(s => $"{s.BaseAddress} attempts {s.Attempts.Count}, accepted {s.Accepted.Count}"));
    }

    /// <summary>Each event exactly once, and per aggregate in the order they were added.</summary>
    private static void AssertEachOnceInOrder(List<ApplicationSubmittedV1> events, FakeSubscriber subscriber)
    {
        var delivered = subscriber.Accepted.ToList();
        Assert.Equal(events.Count, delivered.Count);
        Assert.Equal(events.Select(e => e.EventId.ToString()).Order(), delivered.Select(d => d.EventId).Order());
        foreach (var aggregate in events.Select(e => e.AggregateId).Distinct())
        {
            Assert.Equal(events.Where(e => e.AggregateId == aggregate).Select(e => e.EventId.ToString()),
                delivered.Where(d => d.Subject == aggregate.ToString()).Select(d => d.EventId));
        }
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public async Task A_subscriber_away_for_long_holds_back_no_other_and_gets_every_event_once_and_in_order_when_back()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        await using var away = await FakeSubscriber.StartAsync(Topic);
        await using var present = await FakeSubscriber.StartAsync(Topic);
        await away.StopAsync();
        using var tokens = new TestTokens();
        // Three attempts with 50–500 ms backoff: delivering a row to every subscriber as one step
        // dead-lettered each event within two seconds of a subscriber being down.
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens, settings: EventingSetup.Relay([away.BaseAddress, present.BaseAddress], maxAttempts: 3)).Start();

        var aggregates = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var events = new List<ApplicationSubmittedV1>();
        var added = Stopwatch.StartNew();
        for (var round = 0; round < 3; round++)
        {
            var batch = Enumerable.Range(0, 10).Select(i => EventingSetup.Submitted(aggregates[i % aggregates.Count])).ToList();
            await AddEventsAsync(host, batch);
            events.AddRange(batch);
        }

        // The present subscriber has every event at once.
        await Eventually.HoldsAsync(() => Task.FromResult(present.Accepted.Count >= events.Count), "the present subscriber has every event",
            TimeSpan.FromSeconds(10), () => StateAsync(host, away, present));
        Report($"present subscriber: all {events.Count} events {added.ElapsedMilliseconds} ms after they were added, the other subscriber down");

        // The other stays away far longer than three attempts lasted: nothing is spent, nothing dead-lettered.
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        Assert.Empty(await DeadLettersAsync(host));
        var waiting = await DeliveriesAsync(host, away.BaseAddress);
        Assert.Equal(events.Count, waiting.Count);
        Assert.All(waiting, d =>
        {
            Assert.Null(d.DeliveredAt);
            Assert.Equal(0, d.Attempts);
        });
        Assert.Contains(waiting, d => d.LastError?.Contains("unavailable", StringComparison.Ordinal) == true);
        Assert.NotEqual(CircuitState.Closed, host.Services.GetRequiredService<SubscriberDeliveries>().CircuitOf(away.BaseAddress));

        away.Restart();
        var back = Stopwatch.StartNew();
        await Eventually.HoldsAsync(() => Task.FromResult(!away.Accepted.IsEmpty), "the returning subscriber gets its first event", TimeSpan.FromSeconds(10), () => StateAsync(host, away, present));
        var first = back.Elapsed;
        await Eventually.HoldsAsync(() => Task.FromResult(away.Accepted.Count >= events.Count), "the returning subscriber has every event", TimeSpan.FromSeconds(10), () => StateAsync(host, away, present));
        var all = back.Elapsed;
        Report($"returning subscriber: first event {first.TotalMilliseconds:F0} ms, all {events.Count} events {all.TotalMilliseconds:F0} ms after it came back");
        Assert.True(all < TimeSpan.FromSeconds(5), $"Delivery resumed {all.TotalMilliseconds:F0} ms after the subscriber came back.");

        await Task.Delay(500, Ct); // time for a wrongful second delivery to show
        AssertEachOnceInOrder(events, present);
        AssertEachOnceInOrder(events, away);
        Assert.Empty(await DeadLettersAsync(host));
        Assert.All(await DeliveriesAsync(host, away.BaseAddress), d => Assert.NotNull(d.DeliveredAt));
    }

    [Theory]
    [InlineData("RETRY")]
    [InlineData("503")]
    public async Task A_subscriber_that_fails_while_unhealthy_spends_no_attempts_is_only_probed_and_gets_every_event_once_healthy(string answer)
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        await using var subscriber = await FakeSubscriber.StartAsync(Topic);
        subscriber.Healthy = false; // as a service whose database is gone: it answers, but is not ready
        subscriber.Answer = _ => answer;
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens, settings: EventingSetup.Relay(subscriber.BaseAddress, maxAttempts: 3)).Start();

        var aggregate = Guid.NewGuid();
        var events = Enumerable.Range(0, 3).Select(_ => EventingSetup.Submitted(aggregate)).ToList();
        await AddEventsAsync(host, events);
        await Eventually.HoldsAsync(() => Task.FromResult(!subscriber.Attempts.IsEmpty), "a delivery is tried", describe: () => StateAsync(host, subscriber));
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);

        Assert.Empty(await DeadLettersAsync(host));
        Assert.All(await DeliveriesAsync(host, subscriber.BaseAddress), d => Assert.Equal(0, d.Attempts));
        // The circuit is open: a probe a second (and its quick retries before it opened), not a retry storm.
        var tried = subscriber.Attempts.Count;
        Report($"{answer} while unhealthy: {tried} deliveries tried in about 5 s");
        Assert.InRange(tried, 1, 12);

        subscriber.Answer = _ => "SUCCESS";
        subscriber.Healthy = true;
        var back = Stopwatch.StartNew();
        await Eventually.HoldsAsync(() => Task.FromResult(subscriber.Accepted.Count >= events.Count), "every event is delivered", TimeSpan.FromSeconds(10), () => StateAsync(host, subscriber));
        Report($"{answer} while unhealthy: all events delivered {back.ElapsedMilliseconds} ms after it was healthy again");
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(5), $"Delivery resumed {back.ElapsedMilliseconds} ms after the subscriber was healthy again.");
        await Task.Delay(300, Ct);
        AssertEachOnceInOrder(events, subscriber);
        Assert.Empty(await DeadLettersAsync(host));
    }

    [Fact]
    public async Task A_healthy_subscriber_that_keeps_refusing_an_event_dead_letters_it_for_itself_alone_and_a_replay_goes_to_it_alone()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        await using var refusing = await FakeSubscriber.StartAsync(Topic);
        await using var other = await FakeSubscriber.StartAsync(Topic);
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<ApplicationApi>(cs, tokens, settings: EventingSetup.Relay([refusing.BaseAddress, other.BaseAddress], maxAttempts: 3))
            .Set("Access:SystemClients:991825827:0", "0301").Start();

        var aggregate = Guid.NewGuid();
        var poison = EventingSetup.Submitted(aggregate);
        var behind = EventingSetup.Submitted(aggregate);
        refusing.Answer = id => id == poison.EventId.ToString() ? "RETRY" : "SUCCESS"; // and /health/ready answers 200
        await AddEventsAsync(host, [poison, behind]);

        await Eventually.HoldsAsync(async () => (await DeadLettersAsync(host)).Count == 1 && refusing.Accepted.Any(d => d.EventId == behind.EventId.ToString()),
            "the refused event is dead-lettered and the one behind it delivered", describe: () => StateAsync(host, refusing, other));
        // The other subscriber had both at once, each once.
        AssertEachOnceInOrder([poison, behind], other);
        // Three attempts, each one try and two quick retries.
        Assert.Equal(3 * 3, refusing.Attempts.Count(a => a == poison.EventId.ToString()));
        var deadLetter = Assert.Single(await DeadLettersAsync(host));
        Assert.Equal(poison.EventId, deadLetter.EventId);
        Assert.Equal(refusing.BaseAddress, deadLetter.Subscriber);
        Assert.Equal(3, deadLetter.Attempts);
        Assert.Contains("retry", deadLetter.LastError, StringComparison.OrdinalIgnoreCase);

        // The operator replays it when the subscriber is mended: to that subscriber alone.
        refusing.Answer = _ => "SUCCESS";
        var admin = new Ops.EventAdminService.EventAdminServiceClient(host.Channel);
        var operatorToken = TestTokens.Bearer(tokens.System("991825827", "koordinering:operations"));
        var entry = Assert.Single((await admin.ListDeadLettersAsync(new(), operatorToken, cancellationToken: Ct)).DeadLetters);
        Assert.Equal(refusing.BaseAddress, entry.Subscriber);
        await admin.ReplayDeadLetterAsync(new() { DeadLetterId = entry.DeadLetterId }, operatorToken, cancellationToken: Ct);
        await Eventually.HoldsAsync(() => Task.FromResult(refusing.Accepted.Any(d => d.EventId == poison.EventId.ToString())), "the replayed event is delivered",
            describe: () => StateAsync(host, refusing, other));
        await Task.Delay(500, Ct);
        Assert.Single(refusing.Accepted, d => d.EventId == poison.EventId.ToString());
        AssertEachOnceInOrder([poison, behind], other);
        Assert.Empty((await admin.ListDeadLettersAsync(new(), operatorToken, cancellationToken: Ct)).DeadLetters);
    }

    [Fact]
    public async Task A_subscriber_whose_database_is_gone_gets_its_events_when_it_is_back_with_no_dead_letter_and_one_effect()
    {
        var applicationDb = await EventingSetup.MigratedApplicationDatabaseAsync();
        var eligibilityDb = await EventingSetup.MigratedEligibilityDatabaseAsync();
        await using var gate = TcpGate.For(eligibilityDb);
        using var tokens = new TestTokens();
        await using var eligibility = new ServiceHost<EligibilityApi>(gate.Through(eligibilityDb), tokens).Start();
        await using var application = new ServiceHost<ApplicationApi>(applicationDb, tokens, settings: EventingSetup.Relay(eligibility.HttpAddress, maxAttempts: 3)).Start();

        await gate.CloseAsync(); // Eligibility runs, but its database is gone: it answers RETRY, and is not ready
        var submitted = Enumerable.Range(0, 3).Select(_ => EventingSetup.Submitted(Guid.NewGuid())).ToList();
        await AddEventsAsync(application, submitted);
        // Far longer than three attempts with 50–500 ms backoff last.
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        Assert.Empty(await DeadLettersAsync(application));
        var waiting = await DeliveriesAsync(application, eligibility.HttpAddress);
        Assert.Equal(submitted.Count, waiting.Count);
        Assert.All(waiting, d =>
        {
            Assert.Null(d.DeliveredAt);
            Assert.Equal(0, d.Attempts);
        });
        Assert.Contains(waiting, d => d.LastError?.Contains("unavailable", StringComparison.Ordinal) == true);

        gate.Open();
        var back = Stopwatch.StartNew();
        await using var scope = eligibility.Services.CreateAsyncScope();
        var ids = submitted.Select(e => e.ApplicationId).ToList();
        await Eventually.HoldsAsync(async () =>
        {
            await using var check = eligibility.Services.CreateAsyncScope();
            return await check.ServiceProvider.GetRequiredService<EligibilityDbContext>().Assessments.CountAsync(a => ids.Contains(a.ApplicationId), Ct) == ids.Count;
        }, "every assessment is opened", TimeSpan.FromSeconds(15));
        Report($"subscriber database back: every event handled {back.ElapsedMilliseconds} ms later");
        await Task.Delay(500, Ct);
        var db = scope.ServiceProvider.GetRequiredService<EligibilityDbContext>();
        Assert.Equal(ids.Count, await db.Assessments.CountAsync(a => ids.Contains(a.ApplicationId), Ct));
        Assert.Equal(ids.Count, await db.Set<InboxMessage>().CountAsync(Ct));
        Assert.Empty(await DeadLettersAsync(application));
    }

    [Fact]
    public async Task A_service_whose_database_cannot_be_reached_answers_Unavailable_without_exception_text_and_recovers_when_it_is_back()
    {
        var cs = await EventingSetup.MigratedApplicationDatabaseAsync();
        using var tokens = new TestTokens();
        var caseworker = TestTokens.Bearer(tokens.Caseworker("0301"));
        var operatorToken = TestTokens.Bearer(tokens.System("991825827", "koordinering:operations"));

        async Task<IReadOnlyList<(string Rpc, RpcException Error)>> CallEveryKindAsync(ServiceHost<ApplicationApi> host)
        {
            var applications = new AppV1.ApplicationService.ApplicationServiceClient(host.Channel);
            var calls = new (string, Func<Task>)[]
            {
                ("GetApplication", () => applications.GetApplicationAsync(new() { ApplicationId = Guid.NewGuid().ToString() }, caseworker, cancellationToken: Ct).ResponseAsync),
                ("ListApplications", () => applications.ListApplicationsAsync(new() { MunicipalityNumber = "0301" }, caseworker, cancellationToken: Ct).ResponseAsync),
                ("SubmitApplication", () => applications.SubmitApplicationAsync(new()
                {
                    ClientRequestId = Guid.NewGuid().ToString(),
                    MunicipalityNumber = "0301",
                    PersonIdentityNumber = "15076500565",
                    RequestedRights = { AppV1.RequestedRight.Coordinator },
                    ExpectedDuration = AppV1.ExpectedDuration.LongTerm,
                }, caseworker, cancellationToken: Ct).ResponseAsync),
                ("ListMyApplications", () => applications.ListMyApplicationsAsync(new(), TestTokens.Bearer(tokens.Citizen("15076500565")), cancellationToken: Ct).ResponseAsync),
                ("ListAccess", () => new AuditV1.AccessLogService.AccessLogServiceClient(host.Channel)
                    .ListAccessAsync(new() { SubjectIdentityNumber = "15076500565" }, caseworker, cancellationToken: Ct).ResponseAsync),
                ("ListDeadLetters", () => new Ops.EventAdminService.EventAdminServiceClient(host.Channel)
                    .ListDeadLettersAsync(new(), operatorToken, cancellationToken: Ct).ResponseAsync),
            };
            var errors = new List<(string, RpcException)>();
            foreach (var (rpc, call) in calls)
            {
                errors.Add((rpc, await Assert.ThrowsAsync<RpcException>(call)));
            }
            return errors;
        }

        void AssertUnavailable(IReadOnlyList<(string Rpc, RpcException Error)> errors, int port)
        {
            foreach (var (rpc, error) in errors)
            {
                Assert.True(error.StatusCode == StatusCode.Unavailable, $"{rpc} answered {error.StatusCode}: {error.Status.Detail}");
                foreach (var leak in new[] { "Exception", "Npgsql", "Postgres", "refused", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "15076500565" })
                {
                    Assert.DoesNotContain(leak, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        // A connection string that points at a port where nothing listens.
        var closedPort = TestPorts.Next();
        var nowhere = new Npgsql.NpgsqlConnectionStringBuilder(cs) { Host = "127.0.0.1", Port = closedPort }.ConnectionString;
        await using (var host = new ServiceHost<ApplicationApi>(nowhere, tokens).Set("Access:SystemClients:991825827:0", "0301").Start())
        {
            AssertUnavailable(await CallEveryKindAsync(host), closedPort);
        }

        // A database that goes away while the service runs, and comes back.
        await using var gate = TcpGate.For(cs);
        await using var running = new ServiceHost<ApplicationApi>(gate.Through(cs), tokens).Set("Access:SystemClients:991825827:0", "0301").Start();
        var client = new AppV1.ApplicationService.ApplicationServiceClient(running.Channel);
        await client.ListApplicationsAsync(new() { MunicipalityNumber = "0301" }, caseworker, cancellationToken: Ct);
        await gate.CloseAsync();
        AssertUnavailable(await CallEveryKindAsync(running), gate.Port);

        gate.Open();
        var back = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                await client.ListApplicationsAsync(new() { MunicipalityNumber = "0301" }, caseworker, cancellationToken: Ct);
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                return false;
            }
        }, "the service answers again");
        Report($"database back: the service answered again {back.ElapsedMilliseconds} ms later");
    }
}
