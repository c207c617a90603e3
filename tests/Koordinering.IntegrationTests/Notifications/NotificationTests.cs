using Koordinering.Domain;
using System.Net;
using System.Text.Json;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.Notification.Delivery;
using Koordinering.Notification.Domain;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V1 = Koordinering.Notification.V1;

namespace Koordinering.IntegrationTests.Notifications;

/// <summary>
/// The Notification service on a real database, with a real SMTP server (aiosmtpd), a fake SMS
/// gateway and dispatch service over real HTTP, a seeded contact register and a fake clock.
/// </summary>
public sealed class NotificationHosts : IAsyncLifetime
{
    public const string Municipality = "4601";
    public static readonly string Adult = IdentityNumbers.For(new DateOnly(1966, 3, 3));
    public static readonly string Nynorsk = IdentityNumbers.For(new DateOnly(1967, 4, 4));
    public static readonly string Reserved = IdentityNumbers.For(new DateOnly(1968, 5, 5));
    public static readonly string Guardian = IdentityNumbers.For(new DateOnly(1988, 6, 6));
    public static readonly string Child = IdentityNumbers.For(new DateOnly(2017, 7, 7));

    private readonly string _register = Path.Combine(Path.GetTempPath(), $"koordinering-population-{Guid.NewGuid():N}.json");

    /// <summary>Tuesday 24 November 2026, 10:00 in Oslo.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public TestTokens Tokens { get; } = new();
    public ServiceHost<NotificationApi> Host { get; private set; } = null!;
    public SmtpServer Smtp { get; private set; } = null!;
    public FakeHttpServer Sms { get; } = new();
    public FakeHttpServer Dispatch { get; } = new();
    public string Outbox { get; } = Path.Combine(Path.GetTempPath(), $"koordinering-outbox-{Guid.NewGuid():N}");
    public V1.NotificationService.NotificationServiceClient Client => new(Host.Channel);

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_register, JsonSerializer.Serialize(new[] { new { guardian = Guardian, child = Child } }));
        Smtp = await SmtpServer.StartAsync();
        var cs = await TestPostgres.ProvisionAsync("notification");
        Assert.Equal(0, (await ServiceFixture<NotificationApi, NotificationDbContext>.RunMigrateModeAsync(cs)).ExitCode);
        Host = new ServiceHost<NotificationApi>(cs, Tokens, services => services.AddSingleton<TimeProvider>(Time))
            .Set("PopulationRegister:LocalFile", _register)
            .Set("Notification:Smtp:Host", "127.0.0.1")
            .Set("Notification:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("Notification:SmsGatewayUrl", Sms.BaseAddress)
            .Set("Notification:SvarUt:BaseUrl", Dispatch.BaseAddress)
            .Set("Notification:SvarUt:ServiceId", "koordinering-test")
            .Set("Notification:SvarUt:Secret", "test-secret")
            // The host's clock is fake, and the resilience handler waits on it: the dispatcher's own retries are tested here.
            .Set("Notification:SvarUt:Retries", "0")
            .Set("Notification:LocalOutboxFolder", Outbox)
            .Set("Notification:PollInterval", "01:00:00")
            .Set("Notification:MaxAttemptsPerChannel", "2")
            .Set("Notification:RetryBaseDelay", "00:00:01")
            .Set("Notification:MunicipalityWrittenStandard:" + Municipality, "nb")
            .Start();
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        db.Contacts.AddRange(
            new ContactRecord { IdentityNumber = Adult, Mobile = "+4791111111", Email = "adult@example.no", DigitalMailbox = "digipost", Language = WrittenStandard.Nb },
            new ContactRecord { IdentityNumber = Nynorsk, Mobile = "+4792222222", DigitalMailbox = "eboks", Language = WrittenStandard.Nn },
            new ContactRecord { IdentityNumber = Reserved, Reserved = true, Mobile = "+4793333333" },
            new ContactRecord { IdentityNumber = Guardian, Email = "guardian@example.no", DigitalMailbox = "digipost", Language = WrittenStandard.Nb });
        await db.SaveChangesAsync();
    }

    public Task<string> SendAsync<TEvent>(TEvent e) where TEvent : IntegrationEvent => CloudEventPost.SendAsync(Host.Http, e, TestContext.Current.CancellationToken);

    public Task<int> DispatchAsync() => Host.Services.GetRequiredService<NoticeDispatcher>().RunOnceAsync(TestContext.Current.CancellationToken);

    public async Task<List<Notice>> NoticesAsync(Guid eventId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.AsNoTracking().Include(n => n.Deliveries)
            .Where(n => n.EventId == eventId).ToListAsync(TestContext.Current.CancellationToken);
    }

    public Metadata Caseworker => TestTokens.Bearer(Tokens.Caseworker(Municipality));

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Smtp is not null) await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
        await Dispatch.DisposeAsync();
        Tokens.Dispose();
        File.Delete(_register);
        if (Directory.Exists(Outbox)) Directory.Delete(Outbox, recursive: true);
    }
}

public sealed class NotificationTests(NotificationHosts hosts) : IClassFixture<NotificationHosts>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static DecidedV1 Decided(string person, WrittenStandard standard = WrittenStandard.Unspecified) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), AssessmentId = Guid.NewGuid(),
        ApplicationId = Guid.NewGuid(), PersonIdentityNumber = person, DecidedAt = Now, WrittenStandard = standard,
        Decisions =
        [
            new RightDecision(Guid.NewGuid(), RequestedRight.Coordinator, DecisionOutcome.Granted, 1, "pasient- og brukerrettighetsloven § 2-5 b", "Behovet er langvarig og koordinert.", []),
            new RightDecision(Guid.NewGuid(), RequestedRight.ChildCoordinator, DecisionOutcome.Rejected, 1, "pasient- og brukerrettighetsloven § 2-5 c", "Personen er over 18 år.", ["child_coordinator.child_under_18"]),
        ],
    };

    [Fact]
    public async Task A_decision_letter_goes_to_the_digital_mailbox_in_the_persons_written_standard_with_every_legal_part()
    {
        var nb = Decided(NotificationHosts.Adult);
        var nn = Decided(NotificationHosts.Nynorsk);
        Assert.Equal("SUCCESS", await hosts.SendAsync(nb));
        Assert.Equal("SUCCESS", await hosts.SendAsync(nn));

        var bokmal = Assert.Single(await hosts.NoticesAsync(nb.EventId));
        Assert.True(bokmal.Letter);
        Assert.Equal([Channel.DigitalMailbox, Channel.Paper], bokmal.Channels);
        Assert.Equal(WrittenStandard.Nb, bokmal.WrittenStandard);
        foreach (var part in new[] { "Behovet er langvarig og koordinert.", "§ 2-5 b", "ikke rett til flere tjenester", "innen 4 uker", "sendes til kommunen", "Statsforvalteren" })
        {
            Assert.Contains(part, bokmal.Body, StringComparison.Ordinal);
        }
        var nynorsk = Assert.Single(await hosts.NoticesAsync(nn.EventId));
        Assert.Equal(WrittenStandard.Nn, nynorsk.WrittenStandard);
        foreach (var part in new[] { "Grunngiving", "ikkje rett til fleire tenester", "innan 4 veker", "blir send til kommunen", "Statsforvaltaren" })
        {
            Assert.Contains(part, nynorsk.Body, StringComparison.Ordinal);
        }

        await hosts.DispatchAsync();
        var sent = (await hosts.NoticesAsync(nb.EventId)).Single();
        Assert.Equal(NoticeStatus.Sent, sent.Status);
        Assert.Contains(hosts.Dispatch.Received, r => r.Path == "/tjenester/api/forsendelse/v1/sendForsendelse" && r.Body.Contains($"\"eksternReferanse\":\"{sent.Id}\"", StringComparison.Ordinal));
        Assert.Contains(Directory.GetFiles(hosts.Outbox), f => f.Contains(sent.Id.ToString("N"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interim_reply_letter_gives_the_reason_and_the_expected_date_in_both_written_standards()
    {
        InterimReplyRequestedV1 Interim(string person, bool automatic) => new()
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(),
            PersonIdentityNumber = person, Reason = "Vi venter på uttalelse fra spesialisthelsetjenesten.", ExpectedDecisionDate = new DateOnly(2027, 1, 15), Automatic = automatic,
        };
        var nb = Interim(NotificationHosts.Adult, automatic: false);
        var nn = Interim(NotificationHosts.Nynorsk, automatic: true);
        await hosts.SendAsync(nb);
        await hosts.SendAsync(nn);
        var bokmal = Assert.Single(await hosts.NoticesAsync(nb.EventId));
        Assert.True(bokmal.Letter);
        Assert.Contains("Vi venter på uttalelse fra spesialisthelsetjenesten.", bokmal.Body, StringComparison.Ordinal);
        Assert.Contains("15. januar 2027", bokmal.Body, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 11 a", bokmal.Body, StringComparison.Ordinal);
        var nynorsk = Assert.Single(await hosts.NoticesAsync(nn.EventId));
        Assert.Equal(WrittenStandard.Nn, nynorsk.WrittenStandard);
        Assert.Contains("kartlegginga av behova", nynorsk.Body, StringComparison.Ordinal); // the standard reason, in nynorsk
        Assert.Contains("15. januar 2027", nynorsk.Body, StringComparison.Ordinal);
        Assert.Contains("forvaltningslova § 11 a", nynorsk.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meeting_evaluation_and_plan_change_notices_go_to_the_group_and_the_coordinator_by_their_own_contact()
    {
        var plan = Guid.NewGuid();
        var invitees = new List<PlanRecipient> { new("p1", "fysioterapeut", "Per", "per@fysio.example"), new("p2", "mor", "Lise", "+4790000000"), new("p3", "lærer", "Anne", null) };
        var meeting = new MeetingChangedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), MeetingId = Guid.NewGuid(), PlanId = plan,
            PersonIdentityNumber = NotificationHosts.Adult, Change = MeetingChange.Scheduled, StartsAt = Now.AddDays(7), EndsAt = Now.AddDays(7).AddHours(1), Place = "Helsehuset", Invitees = invitees,
        };
        var evaluation = new EvaluationDueV1
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = plan, PlanId = plan,
            PersonIdentityNumber = NotificationHosts.Adult, EvaluationDate = new DateOnly(2026, 12, 10), CoordinatorEmail = "kari@kommune.example",
        };
        var changed = new PlanChangedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = plan, PlanId = plan,
            PersonIdentityNumber = NotificationHosts.Adult, Version = 2, Change = "updated", Participants = invitees,
        };
        await hosts.SendAsync(meeting);
        await hosts.SendAsync(evaluation);
        await hosts.SendAsync(changed);

        var meetingNotices = await hosts.NoticesAsync(meeting.EventId);
        Assert.Equal(2, meetingNotices.Count); // the one without contact gets none
        Assert.Contains(meetingNotices, n => n.DirectContact == "per@fysio.example" && n.Channels.SequenceEqual([Channel.Email]));
        Assert.Contains(meetingNotices, n => n.DirectContact == "+4790000000" && n.Channels.SequenceEqual([Channel.Sms]));
        Assert.All(meetingNotices, n => Assert.Contains("Helsehuset", n.Body, StringComparison.Ordinal));
        var reminder = Assert.Single(await hosts.NoticesAsync(evaluation.EventId));
        Assert.Equal("kari@kommune.example", reminder.DirectContact);
        Assert.Contains("10. desember 2026", reminder.Body, StringComparison.Ordinal);
        Assert.Equal(2, (await hosts.NoticesAsync(changed.EventId)).Count);
    }

    [Fact]
    public async Task A_reserved_person_gets_paper_and_no_short_notice()
    {
        var decided = Decided(NotificationHosts.Reserved);
        await hosts.SendAsync(decided);
        Assert.Equal([Channel.Paper], Assert.Single(await hosts.NoticesAsync(decided.EventId)).Channels);

        var receipt = new ApplicationSubmittedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(),
            PersonIdentityNumber = NotificationHosts.Reserved, RequestedRights = [RequestedRight.Coordinator], AssessAll = false, ReceivedAt = Now,
        };
        await hosts.SendAsync(receipt);
        var notice = Assert.Single(await hosts.NoticesAsync(receipt.EventId));
        // Nobody could have sent it: not a failure, and not on the caseworkers' list of failed notices (issue 15).
        Assert.Equal(NoticeStatus.NotSent, notice.Status);
        Assert.Empty(notice.Channels);
        var failed = await hosts.Client.ListNoticesAsync(new() { MunicipalityNumber = NotificationHosts.Municipality, FailedOnly = true },
            TestTokens.Bearer(hosts.Tokens.Caseworker(NotificationHosts.Municipality)), cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain(failed.Notices, n => n.NoticeId == notice.Id.ToString());
        var listed = await hosts.Client.GetNoticeAsync(new() { NoticeId = notice.Id.ToString() },
            TestTokens.Bearer(hosts.Tokens.Caseworker(NotificationHosts.Municipality)), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(V1.NoticeStatus.NotSent, listed.Notice.Status);
        Assert.Contains(listed.Notice.Deliveries, d => d.Outcome == "not_sent");
    }

    [Fact]
    public async Task A_duplicate_event_gives_one_notice()
    {
        var decided = Decided(NotificationHosts.Adult);
        await hosts.SendAsync(decided);
        await hosts.SendAsync(decided);
        Assert.Single(await hosts.NoticesAsync(decided.EventId));
    }

    [Fact]
    public async Task A_childs_letter_goes_to_the_guardian()
    {
        var decided = Decided(NotificationHosts.Child);
        await hosts.SendAsync(decided);
        var notice = Assert.Single(await hosts.NoticesAsync(decided.EventId));
        Assert.Equal(NotificationHosts.Guardian, notice.RecipientIdentityNumber);
        Assert.Equal(NotificationHosts.Child, notice.PersonIdentityNumber);
    }

    [Fact]
    public async Task A_failing_channel_is_retried_then_falls_back_to_paper_and_the_failure_is_visible()
    {
        var decided = Decided(NotificationHosts.Nynorsk);
        await hosts.SendAsync(decided);
        var id = Assert.Single(await hosts.NoticesAsync(decided.EventId)).Id;
        hosts.Dispatch.Answer = r => r.Body.Contains(id.ToString(), StringComparison.Ordinal) ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;

        await hosts.DispatchAsync();                              // attempt 1 on the mailbox: retry later
        hosts.Time.Advance(TimeSpan.FromSeconds(2));
        await hosts.DispatchAsync();                              // attempt 2: the mailbox is given up, paper is next
        hosts.Dispatch.Answer = _ => HttpStatusCode.OK;
        await hosts.DispatchAsync();                              // paper goes out
        var notice = Assert.Single(await hosts.NoticesAsync(decided.EventId));
        Assert.Equal(NoticeStatus.Sent, notice.Status);
        Assert.Equal(Channel.Paper, notice.CurrentChannel);
        Assert.Equal(["planned", "retry", "fallback", "sent"], notice.Deliveries.OrderBy(d => d.Id).Select(d => d.Outcome));
        Assert.All(hosts.Dispatch.Received.Where(r => r.Body.Contains(id.ToString(), StringComparison.Ordinal)),
            r => Assert.Contains($"\"eksternReferanse\":\"{id}\"", r.Body, StringComparison.Ordinal));

        // Caseworkers see a notice that failed everywhere among the failed ones.
        var hopeless = Decided(NotificationHosts.Adult);
        await hosts.SendAsync(hopeless);
        var hopelessId = Assert.Single(await hosts.NoticesAsync(hopeless.EventId)).Id;
        hosts.Dispatch.Answer = r => r.Body.Contains(hopelessId.ToString(), StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
        await hosts.DispatchAsync();
        await hosts.DispatchAsync();
        var failed = await hosts.Client.ListNoticesAsync(new() { MunicipalityNumber = NotificationHosts.Municipality, FailedOnly = true }, hosts.Caseworker, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(failed.Notices, n => n.NoticeId == hopelessId.ToString());
        hosts.Dispatch.Answer = _ => HttpStatusCode.OK;
    }

    [Fact]
    public async Task Short_notices_go_by_sms_and_e_mail_carry_no_health_information_and_e_mail_reaches_a_real_smtp_server()
    {
        var given = new ConsentGivenV1
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), ConsentId = Guid.NewGuid(),
            SubjectIdentityNumber = NotificationHosts.Adult, Purposes = [ConsentPurpose.IndividualPlan], Parties = [], ValidFrom = Now, GivenByGuardians = false, Digital = true,
            GiverIdentityNumbers = [NotificationHosts.Adult],
        };
        var appointed = new CoordinatorAppointedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), CoordinationId = Guid.NewGuid(),
            PersonIdentityNumber = NotificationHosts.Guardian, ChildCoordinator = false, CoordinatorEmployeeId = "c-1", CoordinatorName = "Kari", CoordinatorEmail = "kari@kommune.example",
            CoordinatorOrganisation = "Hjemmetjenesten", Replacement = false,
        };
        await hosts.SendAsync(given);
        await hosts.SendAsync(appointed);
        var consentReceipt = Assert.Single(await hosts.NoticesAsync(given.EventId));
        Assert.Equal([Channel.Sms, Channel.Email], consentReceipt.Channels);
        var appointedNotices = await hosts.NoticesAsync(appointed.EventId);
        Assert.Equal(2, appointedNotices.Count); // the person (e-mail: no mobile in the register) and the coordinator
        Assert.All(appointedNotices, n => Assert.Equal([Channel.Email], n.Channels));

        while (await hosts.DispatchAsync() > 0) { }
        Assert.Contains(hosts.Sms.Received, r => r.Body.Contains(consentReceipt.Id.ToString(), StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => Task.FromResult(hosts.Smtp.Messages().Count(m => m.Contains("kari@kommune.example", StringComparison.Ordinal) || m.Contains("guardian@example.no", StringComparison.Ordinal)) >= 2), "the e-mails reach the SMTP server");

        // No short notice names the person or their condition.
        await using var scope = hosts.Host.Services.CreateAsyncScope();
        var shorts = await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.AsNoTracking().Where(n => !n.Letter).ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(shorts);
        foreach (var notice in shorts)
        {
            foreach (var secret in new[] { NotificationHosts.Adult, NotificationHosts.Guardian, NotificationHosts.Child, NotificationHosts.Nynorsk, NotificationHosts.Reserved, "diagnose", "sykdom", "Progressiv" })
            {
                Assert.DoesNotContain(secret, notice.Body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, notice.Subject, StringComparison.OrdinalIgnoreCase);
            }
        }
        foreach (var mail in hosts.Smtp.Messages())
        {
            Assert.DoesNotContain(NotificationHosts.Guardian, mail, StringComparison.Ordinal);
        }
    }
}

/// <summary>Quiet hours move the clock, so they have their own host.</summary>
/// <summary>Issue 14: the person is told of every consent given or withdrawn on their behalf, and for a child every guardian.</summary>
public sealed class ConsentOnBehalfNoticeTests(NotificationHosts hosts) : IClassFixture<NotificationHosts>
{
    [Fact]
    public async Task A_consent_given_by_a_representative_is_told_to_the_person_too()
    {
        var given = new ConsentGivenV1
        {
            EventId = Guid.NewGuid(), OccurredAt = hosts.Time.GetUtcNow(), MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), ConsentId = Guid.NewGuid(),
            SubjectIdentityNumber = NotificationHosts.Adult, Purposes = [ConsentPurpose.ParticipantAccess], Parties = [], ValidFrom = hosts.Time.GetUtcNow(), GivenByGuardians = false,
            Digital = false, GiverIdentityNumbers = [NotificationHosts.Nynorsk],
        };
        await hosts.SendAsync(given);
        var notices = await hosts.NoticesAsync(given.EventId);
        Assert.Equal(2, notices.Count);
        Assert.Contains(notices, n => n.RecipientIdentityNumber == NotificationHosts.Adult && n.Kind == "consent_receipt");
        Assert.Contains(notices, n => n.RecipientIdentityNumber == NotificationHosts.Nynorsk && n.Kind == "consent_receipt");
        Assert.All(notices, n => Assert.Equal(NotificationHosts.Adult, n.PersonIdentityNumber));
    }

    [Fact]
    public async Task A_childs_consent_withdrawn_is_told_to_the_guardian_once_though_they_are_also_the_giver()
    {
        var withdrawn = new ConsentWithdrawnV1
        {
            EventId = Guid.NewGuid(), OccurredAt = hosts.Time.GetUtcNow(), MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), ConsentId = Guid.NewGuid(),
            SubjectIdentityNumber = NotificationHosts.Child, Purposes = [ConsentPurpose.ParticipantAccess], WholeConsent = true, WithdrawnParties = [],
            GiverIdentityNumbers = [NotificationHosts.Guardian],
        };
        await hosts.SendAsync(withdrawn);
        var notice = Assert.Single(await hosts.NoticesAsync(withdrawn.EventId));
        Assert.Equal((NotificationHosts.Guardian, "consent_withdrawn_receipt"), (notice.RecipientIdentityNumber, notice.Kind));
    }
}

public sealed class NotificationNightTests(NotificationHosts hosts) : IClassFixture<NotificationHosts>
{
    [Fact]
    public async Task An_sms_due_at_night_waits_for_the_morning()
    {
        hosts.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 21, 30, 0, TimeSpan.Zero)); // 22:30 in Oslo
        var given = new ConsentGivenV1
        {
            EventId = Guid.NewGuid(), OccurredAt = hosts.Time.GetUtcNow(), MunicipalityNumber = NotificationHosts.Municipality, AggregateId = Guid.NewGuid(), ConsentId = Guid.NewGuid(),
            SubjectIdentityNumber = NotificationHosts.Nynorsk, Purposes = [ConsentPurpose.IndividualPlan], Parties = [], ValidFrom = hosts.Time.GetUtcNow(), GivenByGuardians = false,
            Digital = true, GiverIdentityNumbers = [NotificationHosts.Nynorsk],
        };
        await hosts.SendAsync(given);
        await hosts.DispatchAsync();
        var notice = Assert.Single(await hosts.NoticesAsync(given.EventId));
        Assert.Equal(NoticeStatus.Pending, notice.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero), notice.NextAttemptAt); // 08:00 in Oslo
        Assert.DoesNotContain(hosts.Sms.Received, r => r.Body.Contains(notice.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(WrittenStandard.Nn, notice.WrittenStandard);

        hosts.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 7, 0, 1, TimeSpan.Zero));
        await hosts.DispatchAsync();
        Assert.Equal(NoticeStatus.Sent, Assert.Single(await hosts.NoticesAsync(given.EventId)).Status);
        Assert.Contains(hosts.Sms.Received, r => r.Body.Contains(notice.Id.ToString(), StringComparison.Ordinal));
    }
}
