using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapr.Client;
using Microsoft.Extensions.Options;

namespace Koordinering.Eventing;

/// <summary>Through the broker (Dapr mode): sends one CloudEvent to its topic; throws when it could not, so the relay retries.</summary>
public interface IEventTransport
{
    Task PublishAsync(OutboxMessage message, byte[] cloudEvent, CancellationToken cancellationToken);
}

/// <summary>A failure that will not pass by retrying (the relay dead-letters at once).</summary>
public sealed class PermanentPublishException(string message) : Exception(message);

/// <summary>In the cluster: the Dapr sidecar's publish API, with our own CloudEvent kept as it is.</summary>
public sealed class DaprEventTransport(DaprClient dapr, IOptions<EventingOptions> options) : IEventTransport
{
    public Task PublishAsync(OutboxMessage message, byte[] cloudEvent, CancellationToken cancellationToken) =>
        dapr.PublishByteEventAsync(options.Value.PubSubName, message.Topic, cloudEvent, CloudEvents.ContentType, cancellationToken: cancellationToken);
}

/// <summary>
/// A direct delivery that did not succeed: no connection, a timeout, an HTTP error or a RETRY.
/// Whether the subscriber refused the event or is unavailable is decided by asking its health
/// (<see cref="DirectEventTransport.IsHealthyAsync"/>), not by the failure itself.
/// </summary>
public sealed class DeliveryFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A subscriber that cannot take deliveries now (it is unreachable or says it is not healthy): no attempt is spent.</summary>
public sealed class SubscriberUnavailableException(string message) : Exception(message);

/// <summary>
/// Without a sidecar: delivers the CloudEvent straight to one subscriber's Dapr route, as the
/// sidecar would, reading the routes from the subscriber's own <c>/dapr/subscribe</c>. Each
/// subscriber is delivered to from its own queue (<see cref="SubscriberDeliveries"/>).
/// </summary>
public sealed class DirectEventTransport(HttpClient http, SubscriberDirectory directory, AppApiToken token, IOptions<EventingOptions> options, TimeProvider time)
{
    /// <summary>Whether the subscriber routes the topic, as far as its last fresh <c>/dapr/subscribe</c> says (null: not known).</summary>
    public bool? Subscribes(string subscriber, string topic) => directory.Subscribes(subscriber, topic);

    /// <summary>Delivers to every route the subscriber has for the event's topic (none: nothing to do); throws <see cref="DeliveryFailedException"/>.</summary>
    public async Task DeliverAsync(string subscriber, byte[] cloudEvent, string topic, CancellationToken cancellationToken)
    {
        var authority = new Uri(subscriber).GetLeftPart(UriPartial.Authority);
        using var timeout = new CancellationTokenSource(options.Value.PublishTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        IReadOnlyList<Uri> routes;
        try
        {
            routes = await directory.RoutesForAsync(subscriber, topic, linked.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DeliveryFailedException($"The subscriber at {authority} did not list its subscriptions ({Describe(ex)}).", ex);
        }
        foreach (var target in routes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(cloudEvent) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
            request.Headers.Add(AppApiToken.Header, token.Value);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, linked.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new DeliveryFailedException($"The subscriber at {authority} could not be delivered to ({Describe(ex)}).", ex);
            }
            using (response)
            {
                var status = await ReadStatusAsync(response, linked.Token);
                if (status == DeliveryStatus.Retry)
                {
                    throw new DeliveryFailedException($"The subscriber at {authority} asked to retry (HTTP {(int)response.StatusCode}).");
                }
            }
        }
    }

    /// <summary>Whether the subscriber's health endpoint answers 2xx now (unreachable, slow or anything else: not healthy).</summary>
    public async Task<bool> IsHealthyAsync(string subscriber, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.PublishTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(subscriber.TrimEnd('/') + "/"), options.Value.SubscriberHealthPath.TrimStart('/')), linked.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>What went wrong, without a message that could carry more than the kind of failure.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "timed out",
        HttpRequestException { StatusCode: { } code } => $"HTTP {(int)code}",
        HttpRequestException { HttpRequestError: var error } => $"{error}",
        _ => ex.GetType().Name,
    };

    /// <summary>Dapr's contract: 2xx with an optional status body; 404 is dropped; anything else is retried.</summary>
    private static async Task<DeliveryStatus> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return DeliveryStatus.Drop;
        }
        if (!response.IsSuccessStatusCode)
        {
            return DeliveryStatus.Retry;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(body))
        {
            return DeliveryStatus.Success;
        }
        try
        {
            return JsonSerializer.Deserialize<SubscriberReply>(body, EventStorage.Json)?.Status ?? DeliveryStatus.Success;
        }
        catch (JsonException)
        {
            return DeliveryStatus.Success;
        }
    }

    private sealed record SubscriberReply(DeliveryStatus? Status);
}

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    [JsonStringEnumMemberName("SUCCESS")] Success,
    [JsonStringEnumMemberName("RETRY")] Retry,
    [JsonStringEnumMemberName("DROP")] Drop,
}

/// <summary>Reads and caches each subscriber's <c>/dapr/subscribe</c>, the way the sidecar does at start.</summary>
public sealed class SubscriberDirectory(HttpClient http, IOptions<EventingOptions> options, TimeProvider time, AppApiToken token)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset FetchedAt, Subscription[] Subscriptions)> _cache = new();

    /// <summary>The routes one subscriber has for a topic (none when it does not subscribe to it).</summary>
    public async Task<IReadOnlyList<Uri>> RoutesForAsync(string baseAddress, string topic, CancellationToken cancellationToken)
    {
        var routes = new List<Uri>();
        foreach (var subscription in await SubscriptionsAsync(baseAddress, cancellationToken))
        {
            if (subscription.PubSubName == options.Value.PubSubName && subscription.Topic == topic && subscription.RoutePath is { } path)
            {
                routes.Add(new Uri(new Uri(baseAddress.TrimEnd('/') + "/"), path.TrimStart('/')));
            }
        }
        return routes;
    }

    /// <summary>
    /// Whether the subscriber has a route for the topic, from a fresh cached answer only: null when
    /// this process has not asked it lately (then the caller must assume it may). Never calls out.
    /// </summary>
    public bool? Subscribes(string baseAddress, string topic)
    {
        if (!_cache.TryGetValue(baseAddress, out var cached) || time.GetUtcNow() - cached.FetchedAt >= options.Value.SubscriptionCacheTime)
        {
            return null;
        }
        return cached.Subscriptions.Any(s => s.PubSubName == options.Value.PubSubName && s.Topic == topic && s.RoutePath is not null);
    }

    private async Task<Subscription[]> SubscriptionsAsync(string baseAddress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(baseAddress, out var cached) && now - cached.FetchedAt < options.Value.SubscriptionCacheTime)
        {
            return cached.Subscriptions;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseAddress.TrimEnd('/') + "/"), "dapr/subscribe"));
        request.Headers.Add(AppApiToken.Header, token.Value);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var subscriptions = await response.Content.ReadFromJsonAsync<Subscription[]>(EventStorage.Json, cancellationToken) ?? [];
        _cache[baseAddress] = (now, subscriptions);
        return subscriptions;
    }

    public sealed record Subscription(
        [property: JsonPropertyName("pubsubname")] string PubSubName,
        [property: JsonPropertyName("topic")] string Topic,
        [property: JsonPropertyName("route")] string? Route,
        [property: JsonPropertyName("routes")] SubscriptionRoutes? Routes,
        [property: JsonPropertyName("deadLetterTopic")] string? DeadLetterTopic)
    {
        public string? RoutePath => Route ?? Routes?.Default;
    }

    public sealed record SubscriptionRoutes([property: JsonPropertyName("default")] string? Default);
}
