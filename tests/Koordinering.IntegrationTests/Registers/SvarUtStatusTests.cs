using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using V1 = Koordinering.Notification.V1;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// The Notification service with SvarUt behind a fake: a letter's shipment id is kept on its notice and its receipt
/// status followed up until final; a letter that did not reach the person fails its notice where caseworkers see it.
/// </summary>
public sealed class SvarUtStatusTests : IAsyncLifetime
{
    private const string Municipality = "5001";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Digital = IdentityNumbers.For(new DateOnly(1972, 8, 18));
    private static readonly string Reserved = IdentityNumbers.For(new DateOnly(1948, 9, 19));
    private readonly FakeSvarUt _svarUt = new("koordinering-avsender", "hemmelig");
    private readonly TestTokens _tokens = new();
    private ServiceHost<NotificationApi> _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _svarUt.Digital(Digital);
        var cs = await TestPostgres.ProvisionAsync("notification_svarut");
        Assert.Equal(0, (await ServiceFixture<NotificationApi, NotificationDbContext>.RunMigrateModeAsync(cs)).ExitCode);
        _host = new ServiceHost<NotificationApi>(cs, _tokens)
            .Set("Notification:SvarUt:BaseUrl", _svarUt.BaseAddress)
            .Set("Notification:SvarUt:ServiceId", _svarUt.ServiceId)
            .Set("Notification:SvarUt:Secret", _svarUt.Secret)
            .Set("Notification:SvarUt:StatusFirstCheck", "00:00:00.200")
            .Set("Notification:SvarUt:StatusMaxInterval", "00:00:00.400")
            .Set("Notification:SvarUt:StatusPollInterval", "00:00:00.100")
            .Set("Notification:PollInterval", "00:00:00.200")
            .Start();
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        db.Contacts.AddRange(
            new ContactRecord { IdentityNumber = Digital, Mobile = "+4790000018", DigitalMailbox = "digipost", Language = WrittenStandard.Nb },
            new ContactRecord { IdentityNumber = Reserved, Reserved = true });
        await db.SaveChangesAsync(Ct);
    }

    private static DecidedV1 Decided(string person) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = Municipality, AggregateId = Guid.NewGuid(), AssessmentId = Guid.NewGuid(),
        ApplicationId = Guid.NewGuid(), PersonIdentityNumber = person, DecidedAt = Now,
        Decisions = [new RightDecision(Guid.NewGuid(), RequestedRight.Coordinator, DecisionOutcome.Granted, 1, "pasient- og brukerrettighetsloven § 2-5 b", "Behovet er langvarig.", [])],
    };

    [Fact]
    public async Task A_shipment_is_followed_up_until_it_is_read_and_then_no_more()
    {
        var decided = Decided(Digital);
        await CloudEventPost.SendAsync(_host.Http, decided, Ct);

        var sent = await NoticeWhenAsync(decided.EventId, n => n.ShipmentId is not null && n.ShipmentChecks >= 2, "the shipment is asked about");
        var shipment = _svarUt.Shipments[sent.Id.ToString()];
        Assert.Equal(shipment.Id, sent.ShipmentId);
        Assert.Equal((NoticeStatus.Sent, "SENDT_DIGITALT"), (sent.Status, sent.ShipmentStatus));
        Assert.NotNull(sent.ShipmentCheckAt);

        _svarUt.Statuses[shipment.Id] = "LEST";
        var read = await NoticeWhenAsync(decided.EventId, n => n.ShipmentStatus == "LEST", "the shipment is read");
        Assert.Equal(NoticeStatus.Delivered, read.Status);
        Assert.Null(read.ShipmentCheckAt);
        Assert.Contains(read.Deliveries, d => d.Outcome == "shipment_delivered" && d.Detail == "SvarUt: LEST");
        Assert.DoesNotContain(read.Deliveries, d => d.Detail?.Contains(Digital, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_shipment_that_is_not_delivered_fails_its_notice_for_caseworkers_and_is_counted_by_status()
    {
        var counted = new ConcurrentBag<KeyValuePair<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "koordinering.notification.shipments.final") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) counted.Add(tag);
        });
        listener.Start();
        var decided = Decided(Reserved);
        await CloudEventPost.SendAsync(_host.Http, decided, Ct);
        var printed = await NoticeWhenAsync(decided.EventId, n => n.ShipmentId is not null, "the letter is shipped for print");
        Assert.True(_svarUt.Shipments[printed.Id.ToString()].Printed);

        _svarUt.Statuses[printed.ShipmentId!] = "AVVIST";
        var failed = await NoticeWhenAsync(decided.EventId, n => n.Status == NoticeStatus.Failed, "the notice fails");

        Assert.Equal(("AVVIST", "SvarUt: AVVIST"), (failed.ShipmentStatus, failed.LastError));
        Assert.Null(failed.ShipmentCheckAt);
        var list = await new V1.NotificationService.NotificationServiceClient(_host.Channel).ListNoticesAsync(new() { MunicipalityNumber = Municipality, FailedOnly = true },
            TestTokens.Bearer(_tokens.Caseworker(Municipality)), cancellationToken: Ct);
        Assert.Contains(list.Notices, n => n.NoticeId == failed.Id.ToString());
        Assert.Contains(new KeyValuePair<string, object?>("status", "AVVIST"), counted);
        Assert.All(counted, tag => Assert.Equal("status", tag.Key));
    }

    private async Task<Notice> NoticeWhenAsync(Guid eventId, Func<Notice, bool> condition, string what)
    {
        Notice? notice = null;
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = _host.Services.CreateAsyncScope();
            notice = await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.AsNoTracking().Include(n => n.Deliveries)
                .SingleOrDefaultAsync(n => n.EventId == eventId, Ct);
            return notice is not null && condition(notice);
        }, what, TimeSpan.FromSeconds(30), () => Task.FromResult($"status {notice?.Status}, shipment {notice?.ShipmentStatus}, checks {notice?.ShipmentChecks}"));
        return notice!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _svarUt.DisposeAsync();
        _tokens.Dispose();
    }
}
