using Koordinering.Domain;

namespace Koordinering.Notification.Domain;

public enum NoticeStatus
{
    Pending = 1,
    Sent = 2,
    Delivered = 3,
    Failed = 4,

    /// <summary>A short notice to someone with no digital contact (or reserved): nothing to send, nothing failed.</summary>
    NotSent = 5,
}

public enum Channel
{
    DigitalMailbox = 1,
    Paper = 2,
    Sms = 3,
    Email = 4,
}

/// <summary>What the contact and reservation register (KRR) says about a person.</summary>
public sealed record ContactInfo(bool Reserved, bool CanBeNotified, string? Mobile, string? Email, string? DigitalMailbox, WrittenStandard Language);

/// <summary>
/// Which channels a notice goes through, in order of fallback. Letters (decisions, interim
/// replies) go to the digital mailbox, else on paper; short notices by SMS or e-mail, only to
/// those who can be notified. Plain C#.
/// </summary>
public static class ChannelRules
{
    public static IReadOnlyList<Channel> For(bool letter, ContactInfo? contact, string? directContact)
    {
        if (letter)
        {
            return contact is { Reserved: false, DigitalMailbox: not null } ? [Channel.DigitalMailbox, Channel.Paper] : [Channel.Paper];
        }
        if (directContact is { Length: > 0 })
        {
            return [directContact.Contains('@', StringComparison.Ordinal) ? Channel.Email : Channel.Sms];
        }
        if (contact is null || contact.Reserved || !contact.CanBeNotified)
        {
            return [];
        }
        var channels = new List<Channel>();
        if (contact.Mobile is not null) channels.Add(Channel.Sms);
        if (contact.Email is not null) channels.Add(Channel.Email);
        return channels;
    }

    /// <summary>No SMS at night (Europe/Oslo): one due between the quiet hours waits for the morning.</summary>
    public static DateTimeOffset NotAtNight(DateTimeOffset at, TimeZoneInfo zone, TimeOnly quietFrom, TimeOnly quietTo)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var quiet = quietFrom > quietTo ? time >= quietFrom || time < quietTo : time >= quietFrom && time < quietTo;
        if (!quiet)
        {
            return at;
        }
        var morningDate = time >= quietTo && quietFrom > quietTo ? local.Date.AddDays(1) : local.Date;
        var morning = morningDate + quietTo.ToTimeSpan();
        return new DateTimeOffset(morning, zone.GetUtcOffset(morning)).ToUniversalTime();
    }
}

/// <summary>One letter or short notice to one recipient, stored once per event, recipient and kind.</summary>
public sealed class Notice
{
    public Guid Id { get; init; }
    public Guid EventId { get; init; }
    public required string RecipientKey { get; init; }
    public required string Kind { get; init; }
    public required string MunicipalityNumber { get; init; }
    public Guid? CaseId { get; init; }

    /// <summary>The person the case concerns (sensitive: never logged).</summary>
    public string? PersonIdentityNumber { get; init; }

    /// <summary>The recipient's identity number, where the register is asked, or their direct contact.</summary>
    public string? RecipientIdentityNumber { get; init; }
    public string? DirectContact { get; init; }

    /// <summary>The register's mobile and e-mail when the notice was planned.</summary>
    public string? RecipientMobile { get; init; }
    public string? RecipientEmail { get; init; }

    public bool Letter { get; init; }
    public WrittenStandard WrittenStandard { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }
    public List<Channel> Channels { get; init; } = [];
    public int ChannelIndex { get; set; }
    public NoticeStatus Status { get; set; } = NoticeStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>SvarUt's forsendelse id, for a letter sent through SvarUt: its receipt status is followed up by id.</summary>
    public string? ShipmentId { get; set; }

    /// <summary>The shipment's last status in SvarUt (MOTTATT, SENDT_DIGITALT, LEST, PRINTET, IKKE_LEVERT, …).</summary>
    public string? ShipmentStatus { get; set; }

    /// <summary>When to ask SvarUt for the shipment's status again; null once it is final (or there is none).</summary>
    public DateTimeOffset? ShipmentCheckAt { get; set; }

    /// <summary>How many times the status has been asked for (the back-off between checks grows with it).</summary>
    public int ShipmentChecks { get; set; }
    public List<NoticeDelivery> Deliveries { get; init; } = [];

    public Channel? CurrentChannel => ChannelIndex < Channels.Count ? Channels[ChannelIndex] : null;

    public void Record(Channel? channel, string outcome, string? detail, DateTimeOffset at) =>
        Deliveries.Add(new NoticeDelivery { NoticeId = Id, At = at, Channel = channel, Outcome = outcome, Detail = detail });

    /// <summary>
    /// An attempt on <paramref name="channel"/> failed. A permanent failure, or the last attempt allowed on
    /// the channel, moves on to the next channel at once (digital mailbox, then paper); with none left the
    /// notice has failed. Otherwise it is tried again after <paramref name="retryDelay"/> of the attempts
    /// made. True when every channel has failed.
    /// </summary>
    public bool AttemptFailed(Channel channel, string error, bool permanent, int maxAttemptsPerChannel, Func<int, TimeSpan> retryDelay, DateTimeOffset now)
    {
        Attempts++;
        LastError = error;
        if (!permanent && Attempts < maxAttemptsPerChannel)
        {
            NextAttemptAt = now + retryDelay(Attempts);
            Record(channel, "retry", error, now);
            return false;
        }
        ChannelIndex++;
        Attempts = 0;
        NextAttemptAt = now;
        if (CurrentChannel is { } next)
        {
            Record(channel, "fallback", $"{error}; trying {next}.", now);
            return false;
        }
        Status = NoticeStatus.Failed;
        Record(channel, "failed", error, now);
        return true;
    }
}

public sealed class NoticeDelivery
{
    public long Id { get; init; }
    public Guid NoticeId { get; init; }
    public DateTimeOffset At { get; init; }
    public Channel? Channel { get; init; }
    public required string Outcome { get; init; }
    public string? Detail { get; init; }
}

/// <summary>The local stand-in for the contact and reservation register, seeded by tools/up.</summary>
public sealed class ContactRecord
{
    public required string IdentityNumber { get; init; }
    public bool Reserved { get; init; }
    public bool CanBeNotified { get; init; } = true;
    public string? Mobile { get; init; }
    public string? Email { get; init; }
    public string? DigitalMailbox { get; init; }
    public WrittenStandard Language { get; init; }
}
