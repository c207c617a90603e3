namespace Koordinering.Eventing;

public enum DeliveryMode
{
    /// <summary>Publish through the Dapr sidecar's publish API (in the cluster).</summary>
    Dapr,

    /// <summary>
    /// No sidecar: deliver the CloudEvent straight to each subscriber's Dapr route, each subscriber
    /// from its own queue (<see cref="OutboxDelivery"/>) behind its own circuit breaker.
    /// </summary>
    Direct,
}

/// <summary>The <c>Eventing</c> configuration section.</summary>
public sealed class EventingOptions
{
    public const string Section = "Eventing";

    /// <summary>The CloudEvent <c>source</c>, and the prefix of this service's dead-letter topic.</summary>
    public string ServiceName { get; set; } = "koordinering";

    /// <summary>The Dapr pub/sub component's name.</summary>
    public string PubSubName { get; set; } = "pubsub";

    public DeliveryMode Delivery { get; set; } = DeliveryMode.Dapr;

    /// <summary>Direct mode: the base addresses (HTTP endpoints) of the services that may subscribe.</summary>
    public string[] Subscribers { get; set; } = [];

    /// <summary>How long a subscriber's <c>/dapr/subscribe</c> answer is kept.</summary>
    public TimeSpan SubscriptionCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 50;

    /// <summary>How many events of one batch go to one subscriber side by side (each heads a different aggregate).</summary>
    public int DeliveryParallelism { get; set; } = 8;

    /// <summary>
    /// Attempts (each with a short in-process retry) before an event is dead-lettered. In direct
    /// mode only a refusal by a healthy subscriber counts; an unavailable one spends none.
    /// </summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Direct mode: how long a subscriber's circuit stays open once it is unavailable, before one
    /// delivery is let through to probe it (Polly's break duration, at least half a second).
    /// </summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Direct mode: the path (under a subscriber's base address) that says whether it is healthy.
    /// A failed delivery is the subscriber refusing the event only if this answers 2xx right after;
    /// otherwise the subscriber is unavailable.
    /// </summary>
    public string SubscriberHealthPath { get; set; } = "health/ready";

    /// <summary>How long published outbox rows and processed inbox rows are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The largest event delivery (or dead letter) accepted, in bytes.</summary>
    public long MaxDeliveryBytes { get; set; } = 256 * 1024;

    public string DeadLetterTopic => $"{ServiceName}.deadletter";
}
