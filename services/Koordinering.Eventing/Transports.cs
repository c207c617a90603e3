using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapr.Client;
using Microsoft.Extensions.Options;

namespace Koordinering.Eventing;

/// <summary>Sends one CloudEvent to its topic; throws when it could not, so the relay retries.</summary>
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
/// Without a sidecar: delivers the CloudEvent straight to every subscriber's Dapr route, as the
/// sidecar would, reading the routes from each subscriber's own <c>/dapr/subscribe</c>. It is not
/// a broker: nothing is stored between the outbox and the subscriber, and a subscriber that is
/// down makes the relay retry.
/// </summary>
public sealed class DirectEventTransport(HttpClient http, SubscriberDirectory directory, AppApiToken token) : IEventTransport
{
    public async Task PublishAsync(OutboxMessage message, byte[] cloudEvent, CancellationToken cancellationToken)
    {
        foreach (var target in await directory.RoutesForAsync(message.Topic, cancellationToken))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(cloudEvent) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
            request.Headers.Add(AppApiToken.Header, token.Value);
            using var response = await http.SendAsync(request, cancellationToken);
            var status = await ReadStatusAsync(response, cancellationToken);
            if (status == DeliveryStatus.Retry)
            {
                throw new HttpRequestException($"The subscriber at {target.GetLeftPart(UriPartial.Authority)} asked to retry (HTTP {(int)response.StatusCode}).");
            }
        }
    }

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

    public async Task<IReadOnlyList<Uri>> RoutesForAsync(string topic, CancellationToken cancellationToken)
    {
        var routes = new List<Uri>();
        foreach (var baseAddress in options.Value.Subscribers)
        {
            foreach (var subscription in await SubscriptionsAsync(baseAddress, cancellationToken))
            {
                if (subscription.PubSubName == options.Value.PubSubName && subscription.Topic == topic && subscription.RoutePath is { } path)
                {
                    routes.Add(new Uri(new Uri(baseAddress.TrimEnd('/') + "/"), path.TrimStart('/')));
                }
            }
        }
        return routes;
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
