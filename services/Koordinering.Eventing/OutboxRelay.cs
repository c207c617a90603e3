using System.Diagnostics;
using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Koordinering.Eventing;

/// <summary>
/// Publishes pending outbox rows. Each pass locks the first pending row (by created_at, then
/// sequence) of each aggregate
/// (<c>FOR UPDATE SKIP LOCKED</c>), so replicas never publish the same row at once and events
/// of one aggregate go out in order. Through Dapr, a failed row waits with exponential backoff
/// and jitter; after <see cref="EventingOptions.MaxAttempts"/> it moves to the dead-letter table
/// and the rows behind it flow on. In direct mode publishing is handing the row to every
/// subscriber's own queue (<see cref="OutboxDelivery"/>, in the same database, so it cannot fail
/// for a subscriber's sake); <see cref="SubscriberDeliveries"/> delivers from there.
/// </summary>
public sealed partial class OutboxRelay(
    IServiceScopeFactory scopes,
    ServiceDatabaseRegistration database,
    OutboxSignal signal,
    IOptions<EventingOptions> options,
    TimeProvider time,
    EventingTelemetry telemetry,
    ILogger<OutboxRelay> logger,
    IEventTransport? transport = null,
    SubscriberDeliveries? deliveries = null) : BackgroundService
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(10);
    private readonly ResiliencePipeline _publish = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not PermanentPublishException and not OperationCanceledException),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
        })
        .AddTimeout(options.Value.PublishTimeout)
        .Build();

    private DateTimeOffset _lastMaintenance = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var relayed = 0;
            try
            {
                relayed = await RelayOnceAsync(stoppingToken);
                await MaintainAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A hosted loop that stops on one bad pass stops every event.
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The relay must outlive any one failure: log it, and the next pass tries again.
                LogPassFailed(logger, ex.GetType().Name);
            }
#pragma warning restore CA1031

            if (relayed == 0)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: publish what is due now. Returns how many rows it settled.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var batch = await db.Set<OutboxMessage>().FromSql(DueHeads(now, settings.BatchSize)).ToListAsync(cancellationToken);

        if (deliveries is not null)
        {
            var woken = await FanOutAsync(db, batch, deliveries, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            deliveries.Wake(woken);
            return batch.Count;
        }
        foreach (var message in batch)
        {
            await PublishAsync(db, message, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    /// <summary>
    /// The first unpublished, due row of each aggregate, oldest first, locked for this pass. The
    /// <c>OFFSET 0</c> keeps the check for an earlier row a probe of one aggregate's entries in
    /// <c>ix_outbox_messages_pending_aggregate</c> per candidate: flattened into an anti-join, with the
    /// planner's usual estimate of an almost empty queue, it compared every candidate with every
    /// pending row, so a backlog made each pass slower (ADR 9).
    /// </summary>
    public static FormattableString DueHeads(DateTimeOffset now, int limit) => $"""
        SELECT o.* FROM outbox_messages o
        WHERE o.published_at IS NULL AND o.next_attempt_at <= {now}
          AND NOT EXISTS (
            SELECT 1 FROM outbox_messages e
            WHERE e.aggregate_id = o.aggregate_id AND e.published_at IS NULL
              AND (e.created_at, e.sequence) < (o.created_at, o.sequence)
            OFFSET 0)
        ORDER BY o.created_at, o.sequence
        LIMIT {limit}
        FOR UPDATE SKIP LOCKED
        """;

    /// <summary>
    /// Direct mode: each row goes into the queue of each subscriber that may route its topic, and is
    /// marked published, in two statements for the whole batch, in the relay's transaction.
    /// Returns the subscribers that got rows.
    /// </summary>
    private async Task<HashSet<string>> FanOutAsync(DbContext db, List<OutboxMessage> batch, SubscriberDeliveries deliveries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var woken = new HashSet<string>(StringComparer.Ordinal);
        if (batch.Count == 0)
        {
            return woken;
        }
        var messageIds = new List<Guid>();
        var subscribers = new List<string>();
        foreach (var message in batch)
        {
            foreach (var subscriber in deliveries.SubscribersOf(message.Topic))
            {
                messageIds.Add(message.Id);
                subscribers.Add(subscriber);
                woken.Add(subscriber);
            }
            telemetry.Published(message.EventType);
        }
        var published = batch.Select(m => m.Id).ToArray();
        var (ids, names) = (messageIds.ToArray(), subscribers.ToArray());
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_deliveries (message_id, subscriber, aggregate_id, created_at, sequence, attempts, next_attempt_at)
            SELECT m.id, p.subscriber, m.aggregate_id, m.created_at, m.sequence, 0, {now}
            FROM unnest({ids}, {names}) AS p(message_id, subscriber) JOIN outbox_messages m ON m.id = p.message_id
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET published_at = {now}, last_error = NULL WHERE id = ANY({published})", cancellationToken);
        return woken;
    }

    private async Task PublishAsync(DbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = EventingTelemetry.Source.StartActivity($"publish {message.EventType}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "dapr");
        activity?.SetTag("messaging.destination.name", message.Topic);
        activity?.SetTag("messaging.message.id", message.Id.ToString());

        var settings = options.Value;
        var now = time.GetUtcNow();
        try
        {
            var cloudEvent = CloudEvents.Serialize(message, settings.ServiceName);
            await _publish.ExecuteAsync(async ct => await transport!.PublishAsync(message, cloudEvent, ct), cancellationToken);
            message.PublishedAt = now;
            message.LastError = null;
            telemetry.Published(message.EventType);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            message.LastError = Describe(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            if (ex is PermanentPublishException || message.Attempts >= settings.MaxAttempts)
            {
                db.Set<DeadLetter>().Add(DeadLetter.Of(message, message.Attempts, message.LastError, now));
                db.Set<OutboxMessage>().Remove(message);
                telemetry.DeadLettered(message.EventType);
                LogDeadLettered(logger, message.Id, message.EventType, message.Attempts, ex.GetType().Name);
            }
            else
            {
                message.NextAttemptAt = now + Backoff(message.Attempts, settings);
                telemetry.Failed(message.EventType);
                LogRetrying(logger, message.Id, message.EventType, message.Attempts, ex.GetType().Name);
            }
        }
    }

    /// <summary>Exponential backoff with jitter: half to all of base·2^(n−1), capped.</summary>
    public static TimeSpan Backoff(int attempts, EventingOptions settings)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var capped = Math.Min(exponential, settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    /// <summary>Backlog metrics, and removal of published and processed rows past their retention.</summary>
    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastMaintenance < MaintenanceInterval)
        {
            return;
        }
        _lastMaintenance = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
        // The backlog: what is not published yet, and (direct mode) what a subscriber still waits for.
        var pending = db.Set<OutboxMessage>().Where(m => m.PublishedAt == null);
        var count = await pending.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? now : await pending.MinAsync(m => m.CreatedAt, cancellationToken);
        var waiting = db.Set<OutboxDelivery>().Where(d => d.DeliveredAt == null);
        var undelivered = await waiting.LongCountAsync(cancellationToken);
        if (undelivered > 0)
        {
            var oldestWaiting = await waiting.MinAsync(d => d.CreatedAt, cancellationToken);
            oldest = oldestWaiting < oldest ? oldestWaiting : oldest;
        }
        telemetry.Backlog(count + undelivered, now - oldest);

        // A published event stays while any subscriber still waits for it, however long that takes.
        var cutoff = now - options.Value.Retention;
        await db.Set<OutboxMessage>()
            .Where(m => m.PublishedAt != null && m.PublishedAt < cutoff && !db.Set<OutboxDelivery>().Any(d => d.MessageId == m.Id && d.DeliveredAt == null))
            .ExecuteDeleteAsync(cancellationToken);
        await db.Set<InboxMessage>().Where(m => m.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Describe(Exception ex)
    {
        var text = ex is TimeoutRejectedException ? "The publish timed out." : $"{ex.GetType().Name}: {ex.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} ({EventType}) failed on attempt {Attempts} ({Error}); it will be retried")]
    private static partial void LogRetrying(ILogger logger, Guid eventId, string eventType, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({EventType}) was dead-lettered after {Attempts} attempt(s) ({Error})")]
    private static partial void LogDeadLettered(ILogger logger, Guid eventId, string eventType, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An outbox relay pass failed ({Error}); the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, string error);
}
