using System.Diagnostics;
using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Koordinering.Eventing;

/// <summary>
/// Direct mode: works off each subscriber's own queue of <see cref="OutboxDelivery"/> rows, as a
/// broker's consumer groups do, so a subscriber that is away holds back no other. Each pass for a
/// subscriber locks the first undelivered row of each aggregate (<c>FOR UPDATE SKIP LOCKED</c>):
/// replicas never deliver the same row at once, and order per aggregate holds per subscriber.
/// <para>
/// A failed delivery is the subscriber <em>refusing</em> the event only if its health endpoint
/// answers 2xx right after; then it spends an attempt, waits with backoff, and after
/// <see cref="EventingOptions.MaxAttempts"/> becomes a dead letter for that subscriber. Otherwise
/// the subscriber is <em>unavailable</em>: no attempt is spent, the pass ends, and a Polly circuit
/// breaker per subscriber stops sending until a single delivery probes it again
/// (<see cref="EventingOptions.CircuitBreakDuration"/>). When the circuit closes, the queue drains at once.
/// </para>
/// </summary>
public sealed partial class SubscriberDeliveries : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ServiceDatabaseRegistration _database;
    private readonly DirectEventTransport _transport;
    private readonly IOptions<EventingOptions> _options;
    private readonly TimeProvider _time;
    private readonly EventingTelemetry _telemetry;
    private readonly ILogger<SubscriberDeliveries> _logger;
    private readonly Dictionary<string, Destination> _destinations;

    public SubscriberDeliveries(IServiceScopeFactory scopes, ServiceDatabaseRegistration database, DirectEventTransport transport,
        IOptions<EventingOptions> options, TimeProvider time, EventingTelemetry telemetry, ILogger<SubscriberDeliveries> logger)
    {
        _scopes = scopes;
        _database = database;
        _transport = transport;
        _options = options;
        _time = time;
        _telemetry = telemetry;
        _logger = logger;
        _destinations = options.Value.Subscribers.Select(Normalize).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)
            .ToDictionary(s => s, Create, StringComparer.Ordinal);
    }

    /// <summary>The subscribers, as each delivery names them: the configured base addresses without a trailing slash.</summary>
    public IReadOnlyCollection<string> Subscribers => _destinations.Keys;

    public static string Normalize(string address) => address.Trim().TrimEnd('/');

    /// <summary>
    /// The subscribers an event of this topic goes to: each one not known to lack a route for it.
    /// One whose <c>/dapr/subscribe</c> was not read lately gets the row, and the delivery finds out.
    /// </summary>
    public IEnumerable<string> SubscribersOf(string topic) =>
        _destinations.Keys.Where(subscriber => _transport.Subscribes(subscriber, topic) != false);

    /// <summary>New rows are in these subscribers' queues (the relay has fanned events out).</summary>
    public void Wake(IEnumerable<string> subscribers)
    {
        foreach (var subscriber in subscribers)
        {
            Wake(subscriber);
        }
    }

    /// <summary>A row is in one subscriber's queue again (an operator's replay).</summary>
    public void Wake(string subscriber)
    {
        if (_destinations.TryGetValue(subscriber, out var destination))
        {
            destination.Wake.Notify();
        }
    }

    /// <summary>The state of a subscriber's circuit (Closed, Open or HalfOpen).</summary>
    public CircuitState CircuitOf(string subscriber) => _destinations[Normalize(subscriber)].Circuit.CircuitState;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_destinations.Values.Select(d => Task.Run(() => RunAsync(d, stoppingToken), CancellationToken.None)));

    public override void Dispose()
    {
        foreach (var destination in _destinations.Values)
        {
            destination.Wake.Dispose();
        }
        base.Dispose();
    }

    private Destination Create(string subscriber)
    {
        var settings = _options.Value;
        var wake = new OutboxSignal();
        var circuit = new CircuitBreakerStateProvider();
        // Retries and the circuit run on the wall clock: they are protocol, not domain time, and a
        // test's frozen clock would keep a circuit open for ever.
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = TimeProvider.System }
            // A blip: two quick retries, whatever failed; an open circuit is not retried.
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<DeliveryFailedException>().Handle<SubscriberUnavailableException>(),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
            })
            // Only unavailability opens the circuit: a healthy subscriber refusing an event is that event's matter.
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SubscriberUnavailableException>(),
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(5),
                BreakDuration = settings.CircuitBreakDuration,
                StateProvider = circuit,
                OnOpened = args =>
                {
                    LogCircuitOpened(_logger, subscriber, args.BreakDuration.TotalSeconds);
                    return default;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(_logger, subscriber);
                    wake.Notify(); // drain at once, not at the next poll
                    return default;
                },
            })
            .Build();
        return new Destination(subscriber, wake, pipeline, circuit);
    }

    private async Task RunAsync(Destination destination, CancellationToken stoppingToken)
    {
        var settings = _options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            Pass pass;
            try
            {
                pass = await DeliverOnceAsync(destination, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A delivery loop that stops on one bad pass stops a subscriber's events.
            catch (Exception ex)
            {
                LogPassFailed(_logger, destination.Subscriber, ex.GetType().Name);
                pass = Pass.Idle;
            }
#pragma warning restore CA1031

            try
            {
                switch (pass.Kind)
                {
                    case PassKind.Progress:
                        continue;
                    case PassKind.Unavailable:
                        // Nothing goes to it until its circuit lets one delivery probe it again.
                        // Waiting is wall-clock protocol, like the poll interval: a test's fake clock must not stop a subscriber's queue.
                        await Task.Delay(pass.RetryAfter ?? settings.CircuitBreakDuration, stoppingToken);
                        break;
                    default:
                        await destination.Wake.WaitAsync(settings.PollInterval, stoppingToken);
                        break;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass over one subscriber's queue: deliver what is due, in order per aggregate. The rows are
    /// claimed with a lease (their next attempt moved past the longest a delivery can take) in one
    /// statement, posted with no transaction open, and settled in one more: no row lock and no open
    /// transaction lasts across a subscriber's answer, which would hold back PostgreSQL's cleanup of
    /// every queue in this database (ADR 9). A process that dies mid-pass leaves its rows to be
    /// delivered again when the lease ends; the subscriber's inbox makes that a no-op.
    /// </summary>
    private async Task<Pass> DeliverOnceAsync(Destination destination, CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        await using var scope = _scopes.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(_database.ContextType);
        var now = _time.GetUtcNow();
        var leasedUntil = now + Lease(settings);
        var batch = (await db.Set<OutboxDelivery>().FromSql(ClaimDueHeads(destination.Subscriber, now, leasedUntil, settings.BatchSize)).ToListAsync(cancellationToken)).OrderBy(d => d.CreatedAt).ThenBy(d => d.Sequence).ToList();
        if (batch.Count == 0)
        {
            return Pass.Idle;
        }
        var claimed = batch.Select(d => d.MessageId).ToList();
        var messages = await db.Set<OutboxMessage>().AsNoTracking().Where(m => claimed.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);

        // Each row of the batch is the first undelivered one of its aggregate, so they go side by side
        // and the order per aggregate holds; their outcomes are then settled together.
        var outcomes = new Outcome[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.DeliveryParallelism), CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await DeliverAsync(destination, messages[batch[i].MessageId], ct));
        now = _time.GetUtcNow();

        var result = Pass.Progress;
        var delivered = new List<Guid>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var delivery = batch[i];
            var message = messages[delivery.MessageId];
            var outcome = outcomes[i];
            if (outcome.Kind == OutcomeKind.Delivered)
            {
                delivered.Add(delivery.MessageId);
                _telemetry.Delivered(message.EventType);
                continue;
            }
            if (outcome.Kind == OutcomeKind.Unavailable)
            {
                // No attempt is spent and the lease ends: the row is due again as soon as the circuit lets a delivery through.
                delivery.LastError = outcome.Error ?? delivery.LastError;
                delivery.NextAttemptAt = now;
                result = new Pass(PassKind.Unavailable, outcome.RetryAfter ?? result.RetryAfter);
                continue;
            }

            delivery.Attempts++;
            delivery.LastError = outcome.Error;
            if (outcome.Kind == OutcomeKind.Unsendable || delivery.Attempts >= settings.MaxAttempts)
            {
                db.Set<DeadLetter>().Add(DeadLetter.Of(message, delivery.Attempts, delivery.LastError, now, destination.Subscriber));
                db.Set<OutboxDelivery>().Remove(delivery); // the rows behind it flow on
                _telemetry.DeadLettered(message.EventType);
                LogDeadLettered(_logger, message.Id, message.EventType, destination.Subscriber, delivery.Attempts);
            }
            else
            {
                delivery.NextAttemptAt = now + OutboxRelay.Backoff(delivery.Attempts, settings);
                _telemetry.Failed(message.EventType);
                LogRefused(_logger, message.Id, message.EventType, destination.Subscriber, delivery.Attempts);
            }
        }

        // The settlement must land even when the service is stopping: the posts have happened. What was
        // delivered is settled in one statement; a refusal or an unavailable subscriber, rarer, row by row.
        if (delivered.Count > 0)
        {
            var ids = delivered.ToArray();
            await db.Database.ExecuteSqlAsync(
                $"UPDATE outbox_deliveries SET delivered_at = {now}, last_error = NULL WHERE subscriber = {destination.Subscriber} AND message_id = ANY({ids})",
                CancellationToken.None);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return result;
    }

    /// <summary>
    /// Leases the first undelivered, due row of each aggregate in one subscriber's queue, oldest first,
    /// and returns the rows. <c>OFFSET 0</c> keeps the check for an earlier row a probe of one
    /// aggregate's entries per candidate, whatever the planner thinks of the queue's size (ADR 9).
    /// </summary>
    public static FormattableString ClaimDueHeads(string subscriber, DateTimeOffset now, DateTimeOffset leasedUntil, int limit) => $"""
        UPDATE outbox_deliveries AS c SET next_attempt_at = {leasedUntil}
        FROM (
          SELECT d.message_id, d.subscriber FROM outbox_deliveries d
          WHERE d.subscriber = {subscriber} AND d.delivered_at IS NULL AND d.next_attempt_at <= {now}
            AND NOT EXISTS (
              SELECT 1 FROM outbox_deliveries e
              WHERE e.subscriber = d.subscriber AND e.aggregate_id = d.aggregate_id AND e.delivered_at IS NULL
                AND (e.created_at, e.sequence) < (d.created_at, d.sequence)
              OFFSET 0)
          ORDER BY d.created_at, d.sequence
          LIMIT {limit}
          FOR UPDATE SKIP LOCKED) AS due
        WHERE c.message_id = due.message_id AND c.subscriber = due.subscriber
        RETURNING c.*
        """;

    /// <summary>Longer than one delivery can take: every attempt of the retry pipeline and a health check each, with room to spare.</summary>
    public static TimeSpan Lease(EventingOptions settings) => settings.PublishTimeout * 6 + TimeSpan.FromSeconds(5);

    private async Task<Outcome> DeliverAsync(Destination destination, OutboxMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = EventingTelemetry.Source.StartActivity($"publish {message.EventType}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "dapr");
        activity?.SetTag("messaging.destination.name", message.Topic);
        activity?.SetTag("messaging.message.id", message.Id.ToString());

        byte[] cloudEvent;
        try
        {
            cloudEvent = CloudEvents.Serialize(message, _options.Value.ServiceName);
        }
        catch (System.Text.Json.JsonException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            return new Outcome(OutcomeKind.Unsendable, "The event's payload is not JSON; it cannot be sent.");
        }

        string? unavailable = null; // what made it unavailable, when the circuit then opened
        try
        {
            await destination.Pipeline.ExecuteAsync(async ct =>
            {
                try
                {
                    await DeliverOrClassifyAsync(destination.Subscriber, message, cloudEvent, ct);
                }
                catch (SubscriberUnavailableException ex)
                {
                    unavailable = ex.Message;
                    throw;
                }
            }, cancellationToken);
            return new Outcome(OutcomeKind.Delivered);
        }
        catch (BrokenCircuitException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "circuit open");
            return new Outcome(OutcomeKind.Unavailable, unavailable is null ? null : Bounded(unavailable), ex.RetryAfter);
        }
        catch (SubscriberUnavailableException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "unavailable");
            return new Outcome(OutcomeKind.Unavailable, Bounded(ex.Message));
        }
        catch (DeliveryFailedException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "refused");
            return new Outcome(OutcomeKind.Refused, Bounded(ex.Message));
        }
    }

    /// <summary>Delivers; a failure is a refusal only if the subscriber says it is healthy right after.</summary>
    private async Task DeliverOrClassifyAsync(string subscriber, OutboxMessage message, byte[] cloudEvent, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.DeliverAsync(subscriber, cloudEvent, message.Topic, cancellationToken);
        }
        catch (DeliveryFailedException failure) when (!cancellationToken.IsCancellationRequested)
        {
            if (!await _transport.IsHealthyAsync(subscriber, cancellationToken))
            {
                throw new SubscriberUnavailableException($"{failure.Message} Its health check does not answer 2xx either: it is unavailable, and no attempt is spent.");
            }
            throw;
        }
    }

    private static string Bounded(string text) => text.Length <= 2000 ? text : text[..2000];

    private sealed record Destination(string Subscriber, OutboxSignal Wake, ResiliencePipeline Pipeline, CircuitBreakerStateProvider Circuit);

    private enum PassKind { Idle, Progress, Unavailable }

    private sealed record Pass(PassKind Kind, TimeSpan? RetryAfter = null)
    {
        public static readonly Pass Idle = new(PassKind.Idle);
        public static readonly Pass Progress = new(PassKind.Progress);
    }

    private enum OutcomeKind { Delivered, Refused, Unsendable, Unavailable }

    private sealed record Outcome(OutcomeKind Kind, string? Error = null, TimeSpan? RetryAfter = null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The subscriber {Subscriber} is unavailable: deliveries to it pause, and one delivery probes it every {BreakSeconds} s")]
    private static partial void LogCircuitOpened(ILogger logger, string subscriber, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The subscriber {Subscriber} is available again: its deliveries resume")]
    private static partial void LogCircuitClosed(ILogger logger, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The healthy subscriber {Subscriber} refused event {EventId} ({EventType}) on attempt {Attempts}; it will be retried")]
    private static partial void LogRefused(ILogger logger, Guid eventId, string eventType, string subscriber, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({EventType}) was dead-lettered for the subscriber {Subscriber} after {Attempts} attempt(s)")]
    private static partial void LogDeadLettered(ILogger logger, Guid eventId, string eventType, string subscriber, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery pass for the subscriber {Subscriber} failed ({Error}); the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, string subscriber, string error);
}
