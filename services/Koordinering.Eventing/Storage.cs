using System.Diagnostics;
using System.Text.Json;
using Koordinering.Contracts.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Koordinering.Eventing;

/// <summary>An event waiting to be published, written in the same transaction as the change that caused it.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>Insertion order; events of one aggregate are published in (CreatedAt, Sequence) order.</summary>
    public long Sequence { get; init; }

    public required string EventType { get; init; }
    public required string Topic { get; init; }
    public Guid AggregateId { get; init; }
    public required string MunicipalityNumber { get; init; }
    public required string Payload { get; init; }

    /// <summary>The W3C traceparent of the change, so the trace runs on into the consumers.</summary>
    public string? TraceParent { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

/// <summary>
/// Direct delivery: one outbox event on its way to one subscriber. Each subscriber has its own
/// queue of these (as a broker's consumer group has), so one subscriber that is away holds back
/// no other, and order per aggregate holds per subscriber, by the event's (created_at, sequence).
/// </summary>
public sealed class OutboxDelivery
{
    public Guid MessageId { get; init; }

    /// <summary>The subscriber's base address, as configured in <c>Eventing:Subscribers</c>.</summary>
    public required string Subscriber { get; init; }

    public Guid AggregateId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long Sequence { get; init; }

    /// <summary>Deliveries this subscriber refused while it was healthy; an unavailable subscriber spends none.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>An event this service has handled, keyed by event id and handler: a redelivery changes nothing.</summary>
public sealed class InboxMessage
{
    public Guid EventId { get; init; }
    public required string Handler { get; init; }
    public required string EventType { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}

public enum DeadLetterSource
{
    /// <summary>This service could not publish it.</summary>
    Outbox = 1,

    /// <summary>Dapr gave up delivering it to this service and sent it to the dead-letter topic.</summary>
    Subscription = 2,
}

/// <summary>An event that could not be published or handled, kept for an operator to inspect and replay.</summary>
public sealed class DeadLetter
{
    public Guid Id { get; init; }
    public Guid EventId { get; init; }
    public DeadLetterSource Source { get; init; }
    public required string EventType { get; init; }
    public required string Topic { get; init; }
    public Guid AggregateId { get; init; }
    public required string MunicipalityNumber { get; init; }
    public required string Payload { get; init; }
    public string? TraceParent { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset DeadLetteredAt { get; init; }
    public DateTimeOffset? ReplayedAt { get; set; }

    /// <summary>Direct delivery: the subscriber that kept refusing it (a replay goes to it alone).</summary>
    public string? Subscriber { get; init; }

    /// <summary>An outbox event that could not be published, or (direct delivery) that one subscriber kept refusing.</summary>
    public static DeadLetter Of(OutboxMessage message, int attempts, string? lastError, DateTimeOffset now, string? subscriber = null) => new()
    {
        Id = Guid.NewGuid(),
        EventId = message.Id,
        Source = DeadLetterSource.Outbox,
        EventType = message.EventType,
        Topic = message.Topic,
        AggregateId = message.AggregateId,
        MunicipalityNumber = message.MunicipalityNumber,
        Payload = message.Payload,
        TraceParent = message.TraceParent,
        Attempts = attempts,
        LastError = lastError,
        DeadLetteredAt = now,
        Subscriber = subscriber,
    };
}

public static class EventStorage
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The outbox, delivery, inbox and dead-letter tables, for a service's OnModelCreating.</summary>
    public static ModelBuilder AddEventingTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            e.HasAlternateKey(x => x.Sequence);
            e.Property(x => x.EventType).HasMaxLength(128);
            e.Property(x => x.Topic).HasMaxLength(128);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.Property(x => x.TraceParent).HasMaxLength(64);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => new { x.CreatedAt, x.Sequence }).HasFilter("published_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
            e.HasIndex(x => new { x.AggregateId, x.CreatedAt, x.Sequence }).HasFilter("published_at IS NULL").HasDatabaseName("ix_outbox_messages_pending_aggregate");
            e.HasIndex(x => x.PublishedAt).HasFilter("published_at IS NOT NULL");
        });
        modelBuilder.Entity<OutboxDelivery>(e =>
        {
            e.ToTable("outbox_deliveries");
            e.HasKey(x => new { x.MessageId, x.Subscriber });
            e.Property(x => x.Subscriber).HasMaxLength(256);
            e.Property(x => x.LastError).HasMaxLength(2000);
            // An event stays in the outbox while any subscriber still waits for it; retention removes both.
            e.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Subscriber, x.CreatedAt, x.Sequence }).HasFilter("delivered_at IS NULL").HasDatabaseName("ix_outbox_deliveries_pending");
            e.HasIndex(x => new { x.Subscriber, x.AggregateId, x.CreatedAt, x.Sequence }).HasFilter("delivered_at IS NULL").HasDatabaseName("ix_outbox_deliveries_pending_aggregate");
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(x => new { x.EventId, x.Handler });
            e.Property(x => x.Handler).HasMaxLength(128);
            e.Property(x => x.EventType).HasMaxLength(128);
            e.HasIndex(x => x.ProcessedAt);
        });
        modelBuilder.Entity<DeadLetter>(e =>
        {
            e.ToTable("dead_letters");
            e.HasKey(x => x.Id);
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.EventType).HasMaxLength(128);
            e.Property(x => x.Topic).HasMaxLength(128);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.Property(x => x.TraceParent).HasMaxLength(64);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Property(x => x.Subscriber).HasMaxLength(256);
            e.HasIndex(x => x.DeadLetteredAt);
        });
        return modelBuilder;
    }

    /// <summary>
    /// Adds an event to the outbox of this unit of work: it is stored by the same SaveChanges,
    /// in the same transaction, as the change that caused it. Its envelope comes from
    /// <see cref="EventEnvelope.Stamp{TEvent}"/>; an event without one is refused.
    /// </summary>
    public static void AddEvent<TEvent>(this DbContext db, TEvent integrationEvent) where TEvent : IntegrationEvent
    {
        if (integrationEvent.EventId == Guid.Empty || integrationEvent.MunicipalityNumber.Length == 0)
        {
            throw new InvalidOperationException($"A {typeof(TEvent).Name} without its envelope: stamp it with an EventEnvelope.");
        }
        var type = EventTypes.Of<TEvent>();
        // Events of one aggregate are published in (created_at, sequence) order. EF Core may
        // insert the rows of one SaveChanges in another order than they were added, so within a
        // unit of work each event of an aggregate is kept at least a microsecond after the last.
        // PostgreSQL keeps microseconds, so the time is cut to them first: two events a few ticks
        // apart would otherwise be stored as one instant and fall back on the insertion order.
        var createdAt = integrationEvent.OccurredAt.AddTicks(-(integrationEvent.OccurredAt.Ticks % 10));
        foreach (var earlier in db.ChangeTracker.Entries<OutboxMessage>())
        {
            if (earlier.State == EntityState.Added && earlier.Entity.AggregateId == integrationEvent.AggregateId && earlier.Entity.CreatedAt >= createdAt)
            {
                createdAt = earlier.Entity.CreatedAt.AddTicks(10);
            }
        }
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = integrationEvent.EventId,
            EventType = type,
            Topic = type,
            AggregateId = integrationEvent.AggregateId,
            MunicipalityNumber = integrationEvent.MunicipalityNumber,
            Payload = JsonSerializer.Serialize(integrationEvent, Json),
            TraceParent = Activity.Current?.Id is { } id && id.StartsWith("00-", StringComparison.Ordinal) ? id : null,
            CreatedAt = createdAt,
            NextAttemptAt = createdAt,
        });
    }
}

/// <summary>Wakes the relay as soon as a unit of work with events has committed.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// Notifies the relay when a unit of work that added outbox rows has committed: after
/// SaveChanges outside an explicit transaction, or when that transaction commits.
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _pending = [];
    private static readonly object Marker = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            _pending.AddOrUpdate(context, Marker);
        }
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            Flush(context);
        }
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            Flush(context);
        }
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            Flush(context);
        }
    }

    private void Flush(DbContext context)
    {
        if (_pending.Remove(context))
        {
            signal.Notify();
        }
    }
}

public static class JsonColumns
{
    /// <summary>A list kept as one jsonb column, compared by content.</summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<List<T>> HasJsonbConversion<T>(this Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<List<T>> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, EventStorage.Json),
            v => JsonSerializer.Deserialize<List<T>>(v, EventStorage.Json) ?? new List<T>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<T>>(
                (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()));
}
