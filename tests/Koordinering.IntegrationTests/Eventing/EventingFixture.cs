using Koordinering.Domain;
using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Data;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Eventing;

/// <summary>Fresh, migrated databases for the event tests, and events to put in an outbox.</summary>
public static class EventingSetup
{
    public static async Task<string> MigratedApplicationDatabaseAsync()
    {
        var cs = await TestPostgres.ProvisionAsync("ev_application");
        var (exit, output) = await ServiceFixture<ApplicationApi, ApplicationDbContext>.RunMigrateModeAsync(cs);
        Assert.True(exit == 0, output);
        return cs;
    }

    public static async Task<string> MigratedEligibilityDatabaseAsync()
    {
        var cs = await TestPostgres.ProvisionAsync("ev_eligibility");
        var (exit, output) = await ServiceFixture<EligibilityApi, EligibilityDbContext>.RunMigrateModeAsync(cs);
        Assert.True(exit == 0, output);
        return cs;
    }

    public static ApplicationSubmittedV1 Submitted(Guid aggregate, string municipality = "0301") => new()
    {
        EventId = Guid.CreateVersion7(),
        OccurredAt = DateTimeOffset.UtcNow,
        MunicipalityNumber = municipality,
        AggregateId = aggregate,
        ApplicationId = aggregate,
        PersonIdentityNumber = "15076500565",
        RequestedRights = [RequestedRight.Coordinator],
        AssessAll = false,
        ReceivedAt = DateTimeOffset.UtcNow,
    };

    public static Dictionary<string, string?> Relay(string subscriber, int maxAttempts = 100) => Relay([subscriber], maxAttempts);

    /// <summary>Direct delivery to these subscribers, with quick backoff: each refusal waits 50–500 ms.</summary>
    public static Dictionary<string, string?> Relay(IReadOnlyList<string> subscribers, int maxAttempts = 100)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Eventing:RetryBaseDelay"] = "00:00:00.050",
            ["Eventing:RetryMaxDelay"] = "00:00:00.500",
            ["Eventing:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Eventing:SubscriptionCacheTime"] = "00:00:00",
        };
        for (var i = 0; i < subscribers.Count; i++)
        {
            settings[$"Eventing:Subscribers:{i}"] = subscribers[i];
        }
        return settings;
    }
}
