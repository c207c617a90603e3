using System.Globalization;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Eventing;
using Koordinering.Notification.Archive;
using Koordinering.Notification.Channels;
using Koordinering.Notification.Contacts;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Koordinering.Notification.Texts;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Consumers;

/// <summary>
/// Turns each event into the notices it calls for, to the right recipients, in their written
/// standard, through the right channels. A person under 18 is written to through their
/// guardians. Short notices say only that there is news and where to read it.
/// </summary>
public sealed class NoticePlanner(NotificationDbContext db, RegisterLookups lookups, Templates templates, IOptions<NotificationOptions> options, TimeProvider time)
{
    /// <summary>
    /// Before the transaction: the recipients of notices about <paramref name="persons"/> (a child's guardians)
    /// and their contacts, looked up once into <see cref="RegisterLookups"/>.
    /// </summary>
    public async Task PrepareAsync(IEnumerable<string?> persons, IReadOnlyList<string> fallbackRecipients, CancellationToken ct)
    {
        var recipients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var person in persons)
        {
            recipients.UnionWith(await RecipientsAsync(person, fallbackRecipients, ct));
        }
        foreach (var recipient in recipients)
        {
            await lookups.ContactAsync(recipient, ct);
        }
    }

    public async Task PersonLetterAsync(IntegrationEvent e, Guid caseId, string? person, IReadOnlyList<string> fallbackRecipients, string kind, WrittenStandard requested,
        Func<WrittenStandard, IReadOnlyDictionary<string, string>> model, CancellationToken ct)
    {
        foreach (var recipient in await RecipientsAsync(person, fallbackRecipients, ct))
        {
            await AddAsync(e, caseId, person, recipient, null, kind, letter: true, requested, model, ct);
        }
    }

    public async Task PersonShortAsync(IntegrationEvent e, Guid caseId, string? person, IReadOnlyList<string> fallbackRecipients, string kind, string topicNb, string topicNn, CancellationToken ct)
    {
        foreach (var recipient in await RecipientsAsync(person, fallbackRecipients, ct))
        {
            await AddAsync(e, caseId, person, recipient, null, kind, letter: false, WrittenStandard.Unspecified,
                s => new Dictionary<string, string> { ["topic"] = s == WrittenStandard.Nn ? topicNn : topicNb, ["portal"] = options.Value.PortalUrl }, ct, template: "short");
        }
    }

    /// <summary>
    /// One short notice about a person's record to the person (a child through their guardians) and
    /// to the others named, each recipient once.
    /// </summary>
    public async Task PersonsShortAsync(IntegrationEvent e, Guid caseId, string person, IEnumerable<string> alsoTo, string kind, string topicNb, string topicNn, CancellationToken ct)
    {
        var recipients = new HashSet<string>(await RecipientsAsync(person, [], ct), StringComparer.Ordinal);
        foreach (var other in alsoTo.Where(o => o != person).Distinct(StringComparer.Ordinal))
        {
            recipients.UnionWith(await RecipientsAsync(other, [], ct));
        }
        foreach (var recipient in recipients)
        {
            await AddAsync(e, caseId, person, recipient, null, kind, letter: false, WrittenStandard.Unspecified,
                s => new Dictionary<string, string> { ["topic"] = s == WrittenStandard.Nn ? topicNn : topicNb, ["portal"] = options.Value.PortalUrl }, ct, template: "short");
        }
    }

    /// <summary>
    /// A short notice with no content ("you have a new message in your plan") to each reader of a new message but its
    /// author: the person (a child through their guardians) and the others the event names by contact; at most one an
    /// hour per reader and none at night (<see cref="MessageNoticeRules"/>), each reader's notices decided one at a time.
    /// </summary>
    public async Task NewMessageAsync(MessagePostedV1 e, CancellationToken ct)
    {
        var people = (await RecipientsAsync(e.PersonIdentityNumber, [], ct)).Where(p => p != e.AuthorIdentityNumber)
            .Select(p => (Identity: (string?)p, Direct: ((string Key, string Contact)?)null));
        var others = e.Recipients.Where(r => !string.IsNullOrWhiteSpace(r.Contact))
            .Select(r => (Identity: (string?)null, Direct: ((string Key, string Contact)?)(r.Contact!.Trim().ToLowerInvariant(), r.Contact!.Trim())));
        var settings = options.Value;
        var zone = NorwegianTime.Find(settings.TimeZone);
        var (quietFrom, quietTo) = (TimeOnly.Parse(settings.QuietFrom, CultureInfo.InvariantCulture), TimeOnly.Parse(settings.QuietTo, CultureInfo.InvariantCulture));
        foreach (var (identity, direct) in people.Concat(others).DistinctBy(r => NoticeRules.RecipientKey(r.Identity, r.Direct?.Key)))
        {
            var key = NoticeRules.RecipientKey(identity, direct?.Key);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
            var last = await db.Notices.Where(n => n.RecipientKey == key && n.Kind == MessageNoticeRules.Kind).MaxAsync(n => (DateTimeOffset?)(n.SentAt ?? n.NextAttemptAt), ct);
            if (MessageNoticeRules.SendAt(time.GetUtcNow(), last, zone, quietFrom, quietTo) is { } at)
            {
                await AddAsync(e, e.CoordinationId, e.PersonIdentityNumber, identity, direct, MessageNoticeRules.Kind, letter: false, WrittenStandard.Unspecified,
                    _ => new Dictionary<string, string> { ["portal"] = settings.PortalUrl }, ct, template: MessageNoticeRules.Kind, sendAt: at);
            }
        }
    }

    public Task DirectAsync(IntegrationEvent e, Guid caseId, string? person, string recipientKey, string contact, string kind, string template, Func<WrittenStandard, IReadOnlyDictionary<string, string>> model, CancellationToken ct) =>
        AddAsync(e, caseId, person, null, (recipientKey, contact), kind, letter: false, WrittenStandard.Unspecified, model, ct, template);

    /// <summary>The person, or for a child under 18 their guardians (from the population register); else those named.</summary>
    private async Task<IReadOnlyList<string>> RecipientsAsync(string? person, IReadOnlyList<string> fallback, CancellationToken ct)
    {
        if (person is null)
        {
            return fallback;
        }
        var throughGuardians = NoticeRules.ThroughGuardians(person, NorwegianTime.Today(time.GetUtcNow()));
        return NoticeRules.Recipients(person, throughGuardians, throughGuardians ? await lookups.GuardiansOfAsync(person, ct) : []);
    }

    private async Task AddAsync(IntegrationEvent e, Guid caseId, string? person, string? recipientIdentity, (string Key, string Contact)? direct, string kind, bool letter,
        WrittenStandard requested, Func<WrittenStandard, IReadOnlyDictionary<string, string>> model, CancellationToken ct, string? template = null, DateTimeOffset? sendAt = null)
    {
        var recipientKey = NoticeRules.RecipientKey(recipientIdentity, direct?.Key);
        if (await db.Notices.AnyAsync(n => n.EventId == e.EventId && n.RecipientKey == recipientKey && n.Kind == kind, ct))
        {
            return;
        }
        var contact = recipientIdentity is null ? null : await lookups.ContactAsync(recipientIdentity, ct);
        var standard = NoticeRules.WrittenStandardFor(requested, contact?.Language, options.Value.MunicipalityWrittenStandard.GetValueOrDefault(e.MunicipalityNumber));
        var channels = ChannelRules.For(letter, contact, direct?.Contact);
        var text = templates.Render(template ?? kind, standard, model(standard));
        var now = time.GetUtcNow();
        var notice = new Notice
        {
            Id = Guid.CreateVersion7(now), EventId = e.EventId, RecipientKey = recipientKey, Kind = kind, MunicipalityNumber = e.MunicipalityNumber, CaseId = caseId,
            PersonIdentityNumber = person, RecipientIdentityNumber = recipientIdentity, DirectContact = direct?.Contact, Letter = letter, WrittenStandard = standard,
            RecipientMobile = contact?.Mobile, RecipientEmail = contact?.Email,
            Subject = text.Subject, Body = text.Body, Channels = [.. channels], CreatedAt = now, NextAttemptAt = sendAt ?? now,
            // A letter always has paper; only a short notice can have no channel, and then nothing was to be sent.
            Status = NoticeRules.PlannedStatus(channels),
        };
        notice.Record(null, channels.Count == 0 ? "not_sent" : "planned",
            channels.Count == 0 ? "Not sent: no digital contact (no mobile or e-mail in the contact register, or reserved)." : string.Join(" → ", channels), now);
        db.Notices.Add(notice);
    }

    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One consumer for every event that causes notices, and for the documents that go to the archive (in the same transaction).</summary>
public sealed class NoticeConsumers(NoticePlanner planner, ArchiveIntake archive, IOptions<NotificationOptions> options) :
    IEventConsumer<ApplicationSubmittedV1>, IEventConsumer<InterimReplyRequestedV1>, IEventConsumer<DecidedV1>, IEventConsumer<DecisionReversedV1>,
    IEventConsumer<CoordinatorAppointedV1>, IEventConsumer<MeetingChangedV1>, IEventConsumer<EvaluationDueV1>, IEventConsumer<ConsentGivenV1>,
    IEventConsumer<ConsentWithdrawnV1>, IEventConsumer<PlanChangedV1>, IEventConsumer<CoordinationLeadChangedV1>, IEventConsumer<MessagePostedV1>, IEventConsumer<PlanClosedV1>,
    IPreparesEvent<IntegrationEvent>
{
    private string Portal => options.Value.PortalUrl;

    /// <summary>The guardians and contacts of everyone an event's notices go to, looked up before the transaction opens.</summary>
    public Task PrepareAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken) => integrationEvent switch
    {
        ApplicationSubmittedV1 e => planner.PrepareAsync([e.PersonIdentityNumber], e.ParentIdentityNumbers, cancellationToken),
        InterimReplyRequestedV1 e => planner.PrepareAsync([e.PersonIdentityNumber], [], cancellationToken),
        DecidedV1 e => planner.PrepareAsync([e.PersonIdentityNumber], [], cancellationToken),
        DecisionReversedV1 e => planner.PrepareAsync([e.PersonIdentityNumber], [], cancellationToken),
        CoordinationLeadChangedV1 e => planner.PrepareAsync([e.PersonIdentityNumber], [], cancellationToken),
        CoordinatorAppointedV1 e => planner.PrepareAsync([e.PersonIdentityNumber], [], cancellationToken),
        ConsentGivenV1 e => planner.PrepareAsync([e.SubjectIdentityNumber, .. e.GiverIdentityNumbers], [], cancellationToken),
        ConsentWithdrawnV1 e => planner.PrepareAsync([e.SubjectIdentityNumber, .. e.GiverIdentityNumbers], [], cancellationToken),
        MessagePostedV1 e => planner.PrepareAsync([e.PersonIdentityNumber], [], cancellationToken),
        _ => Task.CompletedTask,
    };

    public Task HandleAsync(ApplicationSubmittedV1 e, CancellationToken cancellationToken) =>
        planner.PersonShortAsync(e, e.ApplicationId, e.PersonIdentityNumber, e.ParentIdentityNumbers, "receipt", "kvittering for søknad", "kvittering for søknad", cancellationToken);

    public async Task HandleAsync(InterimReplyRequestedV1 e, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> Model(WrittenStandard s) => new Dictionary<string, string>
        {
            ["reason"] = e.Automatic
                ? (s == WrittenStandard.Nn ? "Saka er ikkje ferdig behandla innan éin månad fordi kartlegginga av behova ikkje er avslutta." : e.Reason)
                : e.Reason,
            ["expected_date"] = Templates.Date(e.ExpectedDecisionDate, s),
        };
        await planner.PersonLetterAsync(e, e.ApplicationId, e.PersonIdentityNumber, [], "interim_reply", e.WrittenStandard, Model, cancellationToken);
        if (e.PersonIdentityNumber is { } person)
        {
            await archive.LetterAsync(e, $"interim-reply:{e.EventId:D}", e.ApplicationId, person, "interim_reply", e.WrittenStandard, Model, "interim_reply", "KORR",
                e.OccurredAt, cancellationToken);
        }
    }

    /// <summary>The decision letter to the person, and a copy of it (PDF) to the archive in the application's case folder.</summary>
    public async Task HandleAsync(DecidedV1 e, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> Model(WrittenStandard s) => new Dictionary<string, string> { ["decisions"] = Templates.Decisions(e.Decisions, s) };
        await planner.PersonLetterAsync(e, e.ApplicationId, e.PersonIdentityNumber, [], "decision", e.WrittenStandard, Model, cancellationToken);
        if (e.PersonIdentityNumber is { } person)
        {
            await archive.LetterAsync(e, $"decision:{e.EventId:D}", e.ApplicationId, person, "decision", e.WrittenStandard, Model, "decision", "VEDTAK",
                e.DecidedAt, cancellationToken);
        }
    }

    /// <summary>A closed plan goes to the archive; nobody is notified of it here.</summary>
    public Task HandleAsync(PlanClosedV1 e, CancellationToken cancellationToken) => archive.ClosedPlanAsync(e, cancellationToken);

    public Task HandleAsync(DecisionReversedV1 e, CancellationToken cancellationToken) =>
        planner.PersonLetterAsync(e, e.ApplicationId, e.PersonIdentityNumber, [], "decision", e.WrittenStandard,
            s => new Dictionary<string, string> { ["decisions"] = Templates.Decisions([e.Decision], s) }, cancellationToken);

    /// <summary>The family is told of a lead service designated, changed or ended: a letter in their written standard (no decision is made).</summary>
    public Task HandleAsync(CoordinationLeadChangedV1 e, CancellationToken cancellationToken) =>
        planner.PersonLetterAsync(e, e.CoordinationLeadId, e.PersonIdentityNumber, [], "coordination_lead", e.WrittenStandard, s =>
        {
            var nn = s == WrittenStandard.Nn;
            return new Dictionary<string, string>
            {
                ["subject"] = e.Change switch
                {
                    CoordinationLeadChange.Ended => nn ? "Samordningsansvaret er avslutta" : "Samordningsansvaret er avsluttet",
                    CoordinationLeadChange.Changed => nn ? "Endring i samordningsansvarleg teneste" : "Endring i samordningsansvarlig tjeneste",
                    _ => nn ? "Samordningsansvarleg teneste er utpeika" : "Samordningsansvarlig tjeneste er utpekt",
                },
                ["change"] = e.Change switch
                {
                    CoordinationLeadChange.Ended => nn ? "Kommunen har avslutta samordningsansvaret for tenestene dine." : "Kommunen har avsluttet samordningsansvaret for tjenestene dine.",
                    CoordinationLeadChange.Changed => nn ? "Kommunen har endra kven som har samordningsansvaret for tenestene dine." : "Kommunen har endret hvem som har samordningsansvaret for tjenestene dine.",
                    _ => nn ? "Kommunen har utpeika ei samordningsansvarleg teneste fordi fleire tenester skal samarbeide om deg." : "Kommunen har utpekt en samordningsansvarlig tjeneste fordi flere tjenester skal samarbeide om deg.",
                },
                ["lead"] = e.LeadUnit is { } unit ? $"{e.LeadName} ({unit})" : e.LeadName,
                ["contact"] = string.Join(", ", new[] { e.ContactName, e.ContactPhone, e.ContactEmail }.Where(x => !string.IsNullOrEmpty(x))),
                ["services"] = string.Join(", ", e.ParticipatingServices),
                ["portal"] = Portal,
            };
        }, cancellationToken);

    public async Task HandleAsync(CoordinatorAppointedV1 e, CancellationToken cancellationToken)
    {
        await planner.PersonShortAsync(e, e.CoordinationId, e.PersonIdentityNumber, [], "coordinator_appointed", "koordinator er oppnevnt", "koordinator er oppnemnd", cancellationToken);
        if ((e.CoordinatorEmail ?? e.CoordinatorPhone) is { } contact)
        {
            await planner.DirectAsync(e, e.CoordinationId, e.PersonIdentityNumber, $"coordinator:{e.CoordinatorEmployeeId}", contact, "coordinator_assigned", "coordinator_assigned",
                s => new Dictionary<string, string> { ["role"] = e.ChildCoordinator ? "barnekoordinator" : "koordinator", ["portal"] = Portal }, cancellationToken);
        }
    }

    public async Task HandleAsync(MeetingChangedV1 e, CancellationToken cancellationToken)
    {
        foreach (var invitee in e.Invitees.Where(i => !string.IsNullOrWhiteSpace(i.Contact)))
        {
            await planner.DirectAsync(e, e.PlanId, e.PersonIdentityNumber, $"participant:{invitee.ParticipantId}", invitee.Contact!, "meeting", "meeting", s => new Dictionary<string, string>
            {
                ["change"] = (e.Change, s == WrittenStandard.Nn) switch
                {
                    (MeetingChange.Scheduled, false) => "kalt inn", (MeetingChange.Scheduled, true) => "kalla inn",
                    (MeetingChange.Rescheduled, false) => "flyttet", (MeetingChange.Rescheduled, true) => "flytta",
                    _ => "avlyst",
                },
                ["when"] = TimeZoneInfo.ConvertTime(e.StartsAt, NorwegianTime.Zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
                ["where"] = e.VideoLink is not null ? "video" : e.Place ?? "",
                ["portal"] = Portal,
            }, cancellationToken);
        }
    }

    public async Task HandleAsync(EvaluationDueV1 e, CancellationToken cancellationToken)
    {
        if (e.CoordinatorEmail is { } email)
        {
            await planner.DirectAsync(e, e.PlanId, e.PersonIdentityNumber, "coordinator", email, "evaluation_due", "evaluation_due",
                s => new Dictionary<string, string> { ["date"] = Templates.Date(e.EvaluationDate, s), ["portal"] = Portal }, cancellationToken);
        }
    }

    /// <summary>The givers, and the person it concerns (for a child every guardian): nobody's consent is given or withdrawn without their knowing.</summary>
    public Task HandleAsync(ConsentGivenV1 e, CancellationToken cancellationToken) =>
        planner.PersonsShortAsync(e, e.ConsentId, e.SubjectIdentityNumber, e.GiverIdentityNumbers, "consent_receipt", "kvittering for samtykke", "kvittering for samtykke", cancellationToken);

    public Task HandleAsync(ConsentWithdrawnV1 e, CancellationToken cancellationToken) =>
        planner.PersonsShortAsync(e, e.ConsentId, e.SubjectIdentityNumber, e.GiverIdentityNumbers, "consent_withdrawn_receipt",
            "kvittering for tilbaketrukket samtykke", "kvittering for tilbaketrekt samtykke", cancellationToken);

    /// <summary>The others around the plan are told there is a new message, never what it says.</summary>
    public Task HandleAsync(MessagePostedV1 e, CancellationToken cancellationToken) => planner.NewMessageAsync(e, cancellationToken);

    public async Task HandleAsync(PlanChangedV1 e, CancellationToken cancellationToken)
    {
        foreach (var participant in e.Participants.Where(p => !string.IsNullOrWhiteSpace(p.Contact)))
        {
            await planner.DirectAsync(e, e.PlanId, e.PersonIdentityNumber, $"participant:{participant.ParticipantId}", participant.Contact!, "plan_changed", "short",
                s => new Dictionary<string, string> { ["topic"] = s == WrittenStandard.Nn ? "individuell plan er endra" : "individuell plan er endret", ["portal"] = Portal }, cancellationToken);
        }
    }


}
