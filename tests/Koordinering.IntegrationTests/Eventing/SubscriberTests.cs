using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;
using Koordinering.Application.Api;
using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Data;
using Koordinering.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AppV1 = Koordinering.Application.V1;

namespace Koordinering.IntegrationTests.Eventing;

/// <summary>
/// The Eligibility service as a subscriber, driven the way Dapr drives it (CloudEvents posted to
/// its routes), and the Application → Eligibility flow with delivery as in tools/up.
/// </summary>
public sealed class SubscriberTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string SubmittedRoute = $"/events/{EventTypes.Of<ApplicationSubmittedV1>()}";

    private static async Task<T> WithEligibilityDbAsync<T>(ServiceHost<EligibilityApi> host, Func<EligibilityDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<EligibilityDbContext>());
    }

    private static ByteArrayContent CloudEvent(ApplicationSubmittedV1 e)
    {
        var bytes = CloudEvents.Serialize(new OutboxMessage
        {
            Id = e.EventId,
            EventType = EventTypes.Of<ApplicationSubmittedV1>(),
            Topic = EventTypes.Of<ApplicationSubmittedV1>(),
            AggregateId = e.AggregateId,
            MunicipalityNumber = e.MunicipalityNumber,
            Payload = JsonSerializer.Serialize(e, EventStorage.Json),
            CreatedAt = e.OccurredAt,
        }, EventTypes.ProducerOf(EventTypes.Of<ApplicationSubmittedV1>()));
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        return content;
    }

    private static async Task<string> StatusOf(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task The_same_event_delivered_twice_gives_one_effect()
    {
        var cs = await EventingSetup.MigratedEligibilityDatabaseAsync();
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<EligibilityApi>(cs, tokens).Start();
        var submitted = EventingSetup.Submitted(Guid.NewGuid());

        using var first = await host.Http.PostAsync(new Uri(SubmittedRoute, UriKind.Relative), CloudEvent(submitted), Ct);
        using var second = await host.Http.PostAsync(new Uri(SubmittedRoute, UriKind.Relative), CloudEvent(submitted), Ct);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Http.PostAsync(new Uri(SubmittedRoute, UriKind.Relative), CloudEvent(submitted), Ct)));

        Assert.Equal("SUCCESS", await StatusOf(first));
        Assert.Equal("SUCCESS", await StatusOf(second));
        foreach (var response in concurrent)
        {
            Assert.Equal("SUCCESS", await StatusOf(response));
            response.Dispose();
        }
        Assert.Equal(1, await WithEligibilityDbAsync(host, db => db.Assessments.CountAsync(a => a.ApplicationId == submitted.ApplicationId, Ct)));
        Assert.Equal(1, await WithEligibilityDbAsync(host, db => db.Set<InboxMessage>().CountAsync(m => m.EventId == submitted.EventId, Ct)));
    }

    [Fact]
    public async Task An_event_that_can_never_be_read_is_dropped_and_a_failing_one_is_retried()
    {
        var cs = await EventingSetup.MigratedEligibilityDatabaseAsync();
        using var tokens = new TestTokens();
        await using var host = new ServiceHost<EligibilityApi>(cs, tokens).Start();

        using var garbage = new StringContent("""{"specversion":"1.0","id":"x","source":"koordinering-application","type":"t","datacontenttype":"application/json","data":{"eventId":"not-a-guid"}}""");
        garbage.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        using var dropped = await host.Http.PostAsync(new Uri(SubmittedRoute, UriKind.Relative), garbage, Ct);
        Assert.Equal("DROP", await StatusOf(dropped));

        // A municipality number longer than its column: the handler's transaction fails, so Dapr must retry.
        var failing = EventingSetup.Submitted(Guid.NewGuid(), municipality: "030101");
        using var retried = await host.Http.PostAsync(new Uri(SubmittedRoute, UriKind.Relative), CloudEvent(failing), Ct);
        Assert.Equal("RETRY", await StatusOf(retried));
        Assert.Equal(0, await WithEligibilityDbAsync(host, db => db.Set<InboxMessage>().CountAsync(m => m.EventId == failing.EventId, Ct)));
    }

    [Fact]
    public async Task With_the_subscriber_down_the_relay_retries_and_once_it_is_back_the_effect_happens_once()
    {
        var applicationDb = await EventingSetup.MigratedApplicationDatabaseAsync();
        var eligibilityDb = await EventingSetup.MigratedEligibilityDatabaseAsync();
        using var tokens = new TestTokens();
        await using var eligibility = new ServiceHost<EligibilityApi>(eligibilityDb, tokens); // not started yet
        await using var application = new ServiceHost<ApplicationApi>(applicationDb, tokens, settings: EventingSetup.Relay(eligibility.HttpAddress)).Start();

        var reply = await new AppV1.ApplicationService.ApplicationServiceClient(application.Channel).SubmitApplicationAsync(
            new AppV1.SubmitApplicationRequest
            {
                ClientRequestId = "down-1",
                MunicipalityNumber = "0301",
                PersonIdentityNumber = "15076500565",
                RequestedRights = { AppV1.RequestedRight.Coordinator },
                ExpectedDuration = AppV1.ExpectedDuration.LongTerm,
            }, TestTokens.Bearer(tokens.Caseworker("0301")), cancellationToken: Ct);
        var applicationId = Guid.Parse(reply.Application.ApplicationId);

        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = application.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Application.Data.ApplicationDbContext>();
            // Unavailable, not a refusal: the delivery failed and no attempt was spent on it.
            return await db.Set<OutboxDelivery>().AnyAsync(d => d.AggregateId == applicationId && d.LastError != null && d.Attempts == 0 && d.DeliveredAt == null, Ct);
        }, "the relay has failed to deliver");

        eligibility.Start();
        await Eventually.HoldsAsync(
            async () => await WithEligibilityDbAsync(eligibility, db => db.Assessments.AnyAsync(a => a.ApplicationId == applicationId, Ct)),
            "the assessment is opened");
        await Task.Delay(500, Ct);
        Assert.Equal(1, await WithEligibilityDbAsync(eligibility, db => db.Assessments.CountAsync(a => a.ApplicationId == applicationId, Ct)));
        Assert.Equal(1, await WithEligibilityDbAsync(eligibility, db => db.Set<InboxMessage>().CountAsync(Ct)));
    }

    [Fact]
    public async Task A_submitted_application_opens_an_assessment_in_the_same_trace()
    {
        var applicationDb = await EventingSetup.MigratedApplicationDatabaseAsync();
        var eligibilityDb = await EventingSetup.MigratedEligibilityDatabaseAsync();
        using var tokens = new TestTokens();
        await using var eligibility = new ServiceHost<EligibilityApi>(eligibilityDb, tokens).Start();
        await using var application = new ServiceHost<ApplicationApi>(applicationDb, tokens, settings: EventingSetup.Relay(eligibility.HttpAddress)).Start();

        var handled = new System.Collections.Concurrent.ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = handled.Add,
        };
        ActivitySource.AddActivityListener(listener);

        using var root = new Activity("test: submit an application").SetIdFormat(ActivityIdFormat.W3C).Start();
        var reply = await new AppV1.ApplicationService.ApplicationServiceClient(application.Channel).SubmitApplicationAsync(
            new AppV1.SubmitApplicationRequest
            {
                ClientRequestId = "trace-1",
                MunicipalityNumber = "0301",
                PersonIdentityNumber = "15076500565",
                NotSure = true,
                ExpectedDuration = AppV1.ExpectedDuration.LongTerm,
            }, TestTokens.Bearer(tokens.Caseworker("0301")), cancellationToken: Ct);
        root.Stop();
        var applicationId = Guid.Parse(reply.Application.ApplicationId);

        await Eventually.HoldsAsync(
            async () => await WithEligibilityDbAsync(eligibility, db => db.Assessments.AnyAsync(a => a.ApplicationId == applicationId, Ct)),
            "the assessment is opened");
        var assessment = await WithEligibilityDbAsync(eligibility, db => db.Assessments.SingleAsync(a => a.ApplicationId == applicationId, Ct));
        Assert.Equal("0301", assessment.MunicipalityNumber);

        await Eventually.HoldsAsync(() => Task.FromResult(handled.Any(a => a.OperationName == $"handle {EventTypes.Of<ApplicationSubmittedV1>()}" && a.TraceId == root.TraceId)),
            "the handler's span is in the trace of the call");
        Assert.Contains(handled, a => a.OperationName == $"publish {EventTypes.Of<ApplicationSubmittedV1>()}" && a.TraceId == root.TraceId);
    }
}
