using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Data;
using Koordinering.Eventing;
using Koordinering.IntegrationTests.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsV1 = Koordinering.Operations.V1;

namespace Koordinering.IntegrationTests.Security;

/// <summary>
/// The event path, attacked: each test is a finding of issue 14 as an attacker would try it on the
/// Eligibility service's application-submitted route (a forged one would put a fake person in a
/// municipality's queue). Every one was accepted before the delivery guard.
/// </summary>
public sealed class EventPathAttackTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TestTokens _tokens = new();
    private ServiceHost<EligibilityApi> _host = null!;
    private HttpClient _anonymous = null!;

    public async ValueTask InitializeAsync()
    {
        var cs = await EventingSetup.MigratedEligibilityDatabaseAsync();
        _host = new ServiceHost<EligibilityApi>(cs, _tokens).Set("Access:SystemClients:991825827:0", "0301").Start();
        _anonymous = new HttpClient { BaseAddress = new Uri(_host.HttpAddress) };
    }

    private async Task<int> AssessmentsOfAsync(Guid application)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EligibilityDbContext>().Assessments.CountAsync(a => a.ApplicationId == application, Ct);
    }

    [Fact]
    public async Task A_forged_event_without_the_app_token_is_refused_and_changes_nothing()
    {
        var forged = EventingSetup.Submitted(Guid.NewGuid());
        using var response = await _anonymous.PostAsync(new Uri(CloudEventPost.Route<ApplicationSubmittedV1>(), UriKind.Relative), CloudEventPost.Content(forged), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await AssessmentsOfAsync(forged.ApplicationId));
    }

    [Fact]
    public async Task A_forged_event_with_a_wrong_token_is_refused_and_changes_nothing()
    {
        var forged = EventingSetup.Submitted(Guid.NewGuid());
        using var request = new HttpRequestMessage(HttpMethod.Post, CloudEventPost.Route<ApplicationSubmittedV1>()) { Content = CloudEventPost.Content(forged) };
        request.Headers.Add("dapr-api-token", ServiceHost<EligibilityApi>.AppApiToken + "x");
        using var response = await _anonymous.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await AssessmentsOfAsync(forged.ApplicationId));
    }

    [Fact]
    public async Task An_event_from_a_service_that_does_not_own_its_type_is_dropped()
    {
        var forged = EventingSetup.Submitted(Guid.NewGuid());
        using var response = await _host.Http.PostAsync(new Uri(CloudEventPost.Route<ApplicationSubmittedV1>(), UriKind.Relative),
            CloudEventPost.Content(forged, source: "koordinering-notification"), Ct);
        Assert.Equal("DROP", JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString());
        Assert.Equal(0, await AssessmentsOfAsync(forged.ApplicationId));

        // The same event from its owner takes effect: the route itself works.
        Assert.Equal("SUCCESS", await CloudEventPost.SendAsync(_host.Http, forged, Ct));
        Assert.Equal(1, await AssessmentsOfAsync(forged.ApplicationId));
    }

    [Fact]
    public async Task A_plain_JSON_body_with_hand_made_CloudEvent_headers_is_refused()
    {
        var forged = EventingSetup.Submitted(Guid.NewGuid());
        using var content = new StringContent(JsonSerializer.Serialize(forged, EventStorage.Json), Encoding.UTF8, "application/json");
        content.Headers.Add("Cloudevent.source", "koordinering-application");
        using var response = await _host.Http.PostAsync(new Uri(CloudEventPost.Route<ApplicationSubmittedV1>(), UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, await AssessmentsOfAsync(forged.ApplicationId));
    }

    [Fact]
    public async Task Event_routes_are_not_served_on_the_gRPC_port()
    {
        var forged = EventingSetup.Submitted(Guid.NewGuid());
        using var h2c = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_host.GrpcPort}"), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        h2c.DefaultRequestHeaders.Add("dapr-api-token", ServiceHost<EligibilityApi>.AppApiToken);
        using var response = await h2c.PostAsync(new Uri(CloudEventPost.Route<ApplicationSubmittedV1>(), UriKind.Relative), CloudEventPost.Content(forged), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var subscribe = await h2c.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, subscribe.StatusCode);
        Assert.Equal(0, await AssessmentsOfAsync(forged.ApplicationId));
    }

    [Fact]
    public async Task The_subscription_list_is_for_the_sidecar_only() 
    {
        using var response = await _anonymous.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_dead_letter_route_takes_no_post_without_the_token_and_nothing_over_its_size_limit()
    {
        var forged = EventingSetup.Submitted(Guid.NewGuid());
        using var anonymous = await _anonymous.PostAsync(new Uri("/events/dead-letter", UriKind.Relative), CloudEventPost.Content(forged), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var huge = new ByteArrayContent(new byte[300 * 1024]);
        huge.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        using var tooLarge = await _host.Http.PostAsync(new Uri("/events/dead-letter", UriKind.Relative), huge, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        await using var scope = _host.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<EligibilityDbContext>().Set<DeadLetter>().CountAsync(Ct));
    }

    [Fact]
    public async Task An_operator_replays_only_dead_letters_of_their_own_municipalities_and_only_valid_ones()
    {
        var elsewhere = EventingSetup.Submitted(Guid.NewGuid(), municipality: "5001");
        var mine = EventingSetup.Submitted(Guid.NewGuid(), municipality: "0301");
        var tampered = EventingSetup.Submitted(Guid.NewGuid(), municipality: "0301");
        Guid Stored(EligibilityDbContext db, ApplicationSubmittedV1 e, string payload)
        {
            var id = Guid.NewGuid();
            db.Set<DeadLetter>().Add(new DeadLetter
            {
                Id = id, EventId = e.EventId, Source = DeadLetterSource.Subscription, EventType = EventTypes.Of<ApplicationSubmittedV1>(), Topic = EventTypes.Of<ApplicationSubmittedV1>(),
                AggregateId = e.AggregateId, MunicipalityNumber = e.MunicipalityNumber, Payload = payload, DeadLetteredAt = RunningClock.TuesdayMorning,
            });
            return id;
        }
        Guid elsewhereId, mineId, tamperedId;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EligibilityDbContext>();
            elsewhereId = Stored(db, elsewhere, JsonSerializer.Serialize(elsewhere, EventStorage.Json));
            mineId = Stored(db, mine, JsonSerializer.Serialize(mine, EventStorage.Json));
            tamperedId = Stored(db, tampered, JsonSerializer.Serialize(tampered with { EventId = Guid.NewGuid() }, EventStorage.Json));
            await db.SaveChangesAsync(Ct);
        }
        var admin = new OpsV1.EventAdminService.EventAdminServiceClient(_host.Channel);
        var operatorOf0301 = TestTokens.Bearer(_tokens.Employee("ops-1", "974600951", "0301", "operator"));
        var systemOperator = TestTokens.Bearer(_tokens.System("991825827", "koordinering:operations"));

        var listed = (await admin.ListDeadLettersAsync(new(), operatorOf0301, cancellationToken: Ct)).DeadLetters;
        Assert.Equal(new[] { mineId, tamperedId }.Order(), listed.Select(d => Guid.Parse(d.DeadLetterId)).Order());
        foreach (var caller in new[] { operatorOf0301, systemOperator })
        {
            var foreign = await Assert.ThrowsAsync<RpcException>(() => admin.ReplayDeadLetterAsync(new() { DeadLetterId = elsewhereId.ToString() }, caller, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
        }
        Assert.Equal(0, await AssessmentsOfAsync(elsewhere.ApplicationId));

        var invalid = await Assert.ThrowsAsync<RpcException>(() => admin.ReplayDeadLetterAsync(new() { DeadLetterId = tamperedId.ToString() }, operatorOf0301, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, invalid.StatusCode);
        Assert.Equal(0, await AssessmentsOfAsync(tampered.ApplicationId));

        // A dead letter of an event this service failed to handle is handled here again, not republished as its own.
        await admin.ReplayDeadLetterAsync(new() { DeadLetterId = mineId.ToString() }, operatorOf0301, cancellationToken: Ct);
        Assert.Equal(1, await AssessmentsOfAsync(mine.ApplicationId));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EligibilityDbContext>();
            Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.Id == mine.EventId, Ct));
            var audit = await db.Set<ServiceDefaults.Audit.AuditRecord>().Where(r => r.Resource == $"dead_letter:{mineId}").ToListAsync(Ct);
            Assert.Contains(audit, r => r.ActorId == "ops-1" && r.Action.EndsWith("/ReplayDeadLetter", StringComparison.Ordinal) && r.Allowed);
            Assert.Contains(await db.Set<ServiceDefaults.Audit.AuditRecord>().Where(r => r.Resource == $"event:{mine.EventId}").ToListAsync(Ct),
                r => r.ActorKind == "event" && r.ActorId == "koordinering-application");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _anonymous?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        _tokens.Dispose();
    }
}
