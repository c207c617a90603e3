using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Koordinering.Eventing;

/// <summary>
/// The event backbone's metrics and traces. Tags are event types and outcomes, never ids of
/// persons or payload content.
/// </summary>
public sealed class EventingTelemetry
{
    public const string Name = "Koordinering.Eventing";
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _handlingTime;
    private long _backlog;
    private double _oldestPendingAge;

    public EventingTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _published = meter.CreateCounter<long>("koordinering.outbox.published", "{event}", "Events published from the outbox.");
        _delivered = meter.CreateCounter<long>("koordinering.outbox.delivered", "{event}", "Direct mode: events delivered to one subscriber.");
        _failed = meter.CreateCounter<long>("koordinering.outbox.failed", "{attempt}", "Publish attempts that failed (direct mode: a healthy subscriber refused) and will be retried.");
        _deadLettered = meter.CreateCounter<long>("koordinering.outbox.dead_lettered", "{event}", "Events moved to the dead-letter table.");
        _handlingTime = meter.CreateHistogram<double>("koordinering.consumer.handling_time", "s", "Time to handle one delivered event.");
        meter.CreateObservableGauge("koordinering.outbox.backlog", () => Interlocked.Read(ref _backlog), "{event}", "Events waiting in the outbox (direct mode: and deliveries a subscriber still waits for).");
        meter.CreateObservableGauge("koordinering.outbox.oldest_pending_age", () => Volatile.Read(ref _oldestPendingAge), "s", "Age of the oldest event waiting in the outbox.");
    }

    public void Published(string eventType) => _published.Add(1, new KeyValuePair<string, object?>("event_type", eventType));
    public void Delivered(string eventType) => _delivered.Add(1, new KeyValuePair<string, object?>("event_type", eventType));
    public void Failed(string eventType) => _failed.Add(1, new KeyValuePair<string, object?>("event_type", eventType));
    public void DeadLettered(string eventType) => _deadLettered.Add(1, new KeyValuePair<string, object?>("event_type", eventType));

    public void Handled(string eventType, string outcome, TimeSpan elapsed) =>
        _handlingTime.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("event_type", eventType), new KeyValuePair<string, object?>("outcome", outcome));

    public void Backlog(long count, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _backlog, count);
        Volatile.Write(ref _oldestPendingAge, oldestAge.TotalSeconds);
    }
}
