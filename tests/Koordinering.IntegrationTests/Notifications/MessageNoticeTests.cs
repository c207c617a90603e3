using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Notification.Domain;

namespace Koordinering.IntegrationTests.Notifications;

/// <summary>
/// The Notification service told of new messages in a child's plan (events delivered as Dapr would, on a fake clock):
/// the guardians are told, never the author, and with no content.
/// </summary>
public sealed class MessageNoticeTests(NotificationHosts hosts) : IClassFixture<NotificationHosts>
{
    /// <summary>The hosts' clock: Tuesday 24 November 2026, 10:00 in Oslo.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static MessagePostedV1 Posted(MessageAuthorKind author, string? authorIdentityNumber, params PlanRecipient[] recipients)
    {
        var coordination = Guid.NewGuid();
        return new MessagePostedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = coordination,
            MessageId = Guid.NewGuid(), CoordinationId = coordination, PersonIdentityNumber = NotificationHosts.Child, AuthorKind = author,
            AuthorIdentityNumber = authorIdentityNumber, Recipients = recipients,
        };
    }

    [Fact]
    public async Task A_message_about_a_child_is_told_to_the_guardian_with_no_content_and_never_to_its_author()
    {
        var byCoordinator = Posted(MessageAuthorKind.Coordinator, null);
        Assert.Equal("SUCCESS", await hosts.SendAsync(byCoordinator));
        var told = Assert.Single(await hosts.NoticesAsync(byCoordinator.EventId));
        Assert.Equal(($"person:{NotificationHosts.Guardian}", MessageNoticeRules.Kind, false), (told.RecipientKey, told.Kind, told.Letter));
        Assert.Equal([Channel.Email], told.Channels);
        Assert.Equal("Du har en ny melding i planen din. Logg inn på https://innbygger.koordinering.example/meldinger for å lese den.\n", told.Body);

        var byGuardian = Posted(MessageAuthorKind.Guardian, NotificationHosts.Guardian, new PlanRecipient("coordinator:k-1", "coordinator", "Kari", "kari@kommune.example"));
        Assert.Equal("SUCCESS", await hosts.SendAsync(byGuardian));
        Assert.Equal(["contact:kari@kommune.example"], (await hosts.NoticesAsync(byGuardian.EventId)).Select(n => n.RecipientKey));
    }
}
