using Koordinering.Contracts.Events;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Koordinering.Plan.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.Plans;

/// <summary>
/// The Plan and Consent services of <see cref="PlanHosts"/> on a running clock, with the Plan service's events
/// delivered (as in tools/up) to a fake Dapr subscriber and to the Notification service on its own real database.
/// The Notification service's dispatcher is kept idle, so the notices stay as they were planned.
/// </summary>
public sealed class MessageHosts : PlanHosts
{
    public RunningClock Running { get; } = new(RunningClock.TuesdayMorning);
    protected override TimeProvider Clock => Running;
    public FakeSubscriber Subscriber { get; private set; } = null!;
    public ServiceHost<NotificationApi> Notification { get; private set; } = null!;
    public PlanV1.ConversationService.ConversationServiceClient Conversations => new(Plan.Channel);

    protected override async Task BeforeStartAsync(ServiceHost<PlanApi> plan)
    {
        Subscriber = await FakeSubscriber.StartAsync(EventTypes.Of<MessagePostedV1>());
        var cs = await TestPostgres.ProvisionAsync("messages_notification");
        Assert.Equal(0, (await ServiceFixture<NotificationApi, NotificationDbContext>.RunMigrateModeAsync(cs)).ExitCode);
        Notification = new ServiceHost<NotificationApi>(cs, Tokens, services => services.AddSingleton<TimeProvider>(Running))
            .Set("PopulationRegister:LocalFile", RegisterFile)
            .Set("Notification:PollInterval", "01:00:00")
            .Start();
        foreach (var (key, value) in Eventing.EventingSetup.Relay([Subscriber.BaseAddress, Notification.HttpAddress]))
        {
            plan.Set(key, value);
        }
    }

    /// <summary>The person in the contact register, reachable by SMS.</summary>
    public async Task RegisterContactAsync(string person)
    {
        await using var scope = Notification.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        db.Contacts.Add(new ContactRecord { IdentityNumber = person, Mobile = "+4791234567", Language = Koordinering.Domain.WrittenStandard.Nn });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The new-message notices planned about a coordination, in the order they were planned.</summary>
    public async Task<List<Notice>> MessageNoticesAsync(string coordinationId)
    {
        await using var scope = Notification.Services.CreateAsyncScope();
        var id = Guid.Parse(coordinationId);
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.AsNoTracking()
            .Where(n => n.CaseId == id && n.Kind == MessageNoticeRules.Kind).OrderBy(n => n.CreatedAt).ThenBy(n => n.RecipientKey).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>What the Notification service's event inbox holds, by event type (for a failing test's message).</summary>
    public async Task<string> NotificationInboxAsync()
    {
        await using var scope = Notification.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var rows = await db.Database.SqlQueryRaw<string>("SELECT event_type || ':' || count(*)::text AS \"Value\" FROM inbox_messages GROUP BY event_type").ToListAsync(TestContext.Current.CancellationToken);
        return rows.Count == 0 ? "none" : string.Join(", ", rows);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Notification is not null) await Notification.DisposeAsync();
        if (Subscriber is not null) await Subscriber.DisposeAsync();
        await base.DisposeAsync();
    }
}
