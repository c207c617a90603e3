using System.Text.Json;
using Dapr;
using Koordinering.Contracts.Events;
using Koordinering.ServiceDefaults.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Koordinering.Eventing;

/// <summary>One subscription: an event type and the handler class for it.</summary>
public sealed record EventSubscription(Type EventType, Type HandlerType);

public sealed class EventingBuilder(IServiceCollection services)
{
    public EventingBuilder AddHandler<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IEventConsumer<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new EventSubscription(typeof(TEvent), typeof(THandler)));
        return this;
    }
}

public static class EventingExtensions
{
    /// <summary>
    /// The outbox relay (Dapr or direct delivery, from <c>Eventing:Delivery</c>), the inbox
    /// dispatcher and the dead-letter admin API, on the service's own database.
    /// </summary>
    public static EventingBuilder AddEventing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EventingOptions>().Bind(builder.Configuration.GetSection(EventingOptions.Section))
            .PostConfigure(o => o.ServiceName = o.ServiceName == "koordinering" ? builder.Configuration["Service:Name"] ?? o.ServiceName : o.ServiceName);
        services.AddSingleton<AppApiToken>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, OutboxSignalInterceptor>();
        services.AddSingleton<EventingTelemetry>();
        services.AddScoped<EventDispatcher>();
        services.AddHostedService<OutboxRelay>();

        var delivery = builder.Configuration.GetValue(EventingOptions.Section + ":Delivery", DeliveryMode.Dapr);
        if (delivery == DeliveryMode.Direct)
        {
            services.AddHttpClient<SubscriberDirectory>();
            services.AddHttpClient<DirectEventTransport>(http => http.Timeout = TimeSpan.FromSeconds(30));
            // Each subscriber from its own queue, behind its own circuit breaker.
            services.AddSingleton<SubscriberDeliveries>();
            services.AddHostedService(sp => sp.GetRequiredService<SubscriberDeliveries>());
        }
        else
        {
            services.AddDaprClient();
            services.AddSingleton<IEventTransport, DaprEventTransport>();
        }
        return new EventingBuilder(services);
    }

    /// <summary>CloudEvents, <c>/dapr/subscribe</c>, one Dapr topic route per handler and the dead-letter route.</summary>
    public static WebApplication MapEventing(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<EventingOptions>>().Value;
        app.UseWhen(http => DeliveryGuard.Guards(http.Request.Path), guarded => guarded.UseMiddleware<DeliveryGuard>());
        app.UseCloudEvents(new CloudEventsMiddlewareOptions
        {
            ForwardCloudEventPropertiesAsHeaders = true,
            IncludedCloudEventPropertiesAsHeaders = ["id", "type", "topic", "source"],
        });
        // Anonymous to the bearer scheme: the sidecar authenticates with the app API token (DeliveryGuard).
        app.MapSubscribeHandler().AllowAnonymous();
        app.MapGrpcService<EventAdminApi>();

        var map = typeof(EventingExtensions).GetMethod(nameof(MapHandler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var subscription in app.Services.GetServices<EventSubscription>())
        {
            map.MakeGenericMethod(subscription.EventType, subscription.HandlerType).Invoke(null, [app, options]);
        }

        app.MapPost("/events/dead-letter", (Delegate)((HttpContext http) => StoreSubscriptionDeadLetterAsync(http)))
            .WithTopic(new TopicOptions { PubsubName = options.PubSubName, Name = options.DeadLetterTopic })
            .AllowAnonymous();
        return app;
    }

    private static void MapHandler<TEvent, THandler>(WebApplication app, EventingOptions options)
        where TEvent : IntegrationEvent
        where THandler : IEventConsumer<TEvent>
    {
        var type = EventTypes.Of<TEvent>();
        app.MapPost($"/events/{type}", async (HttpContext http, EventDispatcher dispatcher) =>
                Reply(await dispatcher.DispatchAsync<TEvent, THandler>(http.Request.Body, http.Request.Headers["Cloudevent.source"].ToString(), http.RequestAborted)))
            .WithTopic(new TopicOptions { PubsubName = options.PubSubName, Name = type, DeadLetterTopic = options.DeadLetterTopic })
            .AllowAnonymous();
    }

    private static IResult Reply(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Success => DeliveryReplies.Success,
        DeliveryStatus.Drop => DeliveryReplies.Drop,
        _ => DeliveryReplies.Retry,
    };

    /// <summary>Dapr gave up delivering an event to this service: keep it for an operator to replay.</summary>
    private static async Task<IResult> StoreSubscriptionDeadLetterAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var db = (DbContext)services.GetRequiredService(services.GetRequiredService<ServiceDatabaseRegistration>().ContextType);
        using var reader = new StreamReader(http.Request.Body);
        var payload = await reader.ReadToEndAsync(http.RequestAborted);
        IntegrationEventHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<IntegrationEventHeader>(payload, EventStorage.Json);
        }
        catch (JsonException)
        {
            header = null;
        }
        if (header is null || header.EventId == Guid.Empty)
        {
            return DeliveryReplies.Drop;
        }
        if (await db.Set<DeadLetter>().AnyAsync(d => d.EventId == header.EventId && d.Source == DeadLetterSource.Subscription && d.ReplayedAt == null, http.RequestAborted))
        {
            return DeliveryReplies.Success;
        }
        var type = http.Request.Headers["Cloudevent.type"].ToString();
        var topic = http.Request.Headers["Cloudevent.topic"].ToString();
        db.Set<DeadLetter>().Add(new DeadLetter
        {
            Id = Guid.NewGuid(),
            EventId = header.EventId,
            Source = DeadLetterSource.Subscription,
            EventType = type.Length > 0 ? type : "unknown",
            Topic = topic.Length > 0 ? topic : type,
            AggregateId = header.AggregateId,
            MunicipalityNumber = header.MunicipalityNumber ?? "",
            Payload = payload,
            DeadLetteredAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        });
        await db.SaveChangesAsync(http.RequestAborted);
        return DeliveryReplies.Success;
    }

    private sealed record IntegrationEventHeader(Guid EventId, Guid AggregateId, string? MunicipalityNumber);
}
