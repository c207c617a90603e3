using Koordinering.Domain;

namespace Koordinering.Notification.Domain;

/// <summary>
/// Who a notice goes to and in which written standard, and how delivery is retried. A person under 18
/// is written to through their guardians; the written standard is the one asked for, else the
/// recipient's own from the contact register, else the municipality's, else bokmål. Plain C#.
/// </summary>
public static class NoticeRules
{
    /// <summary>Below this age a person is written to through their guardians.</summary>
    public const int AgeOfMajority = 18;

    /// <summary>Whether letters about <paramref name="person"/> go to their guardians on <paramref name="today"/>: a child, as far as the identity number tells.</summary>
    public static bool ThroughGuardians(string person, DateOnly today) =>
        NationalIdentityNumber.TryParse(person, out var number) && number.BirthDate is { } born && Ages.On(born, today) < AgeOfMajority;

    /// <summary>The recipients of a notice about <paramref name="person"/>: a child's guardians where the register knows any, else the person.</summary>
    public static IReadOnlyList<string> Recipients(string person, bool throughGuardians, IReadOnlyList<string> guardians) =>
        throughGuardians && guardians.Count > 0 ? guardians : [person];

    /// <summary>The written standard: as asked, else the recipient's, else the municipality's ("nn" or not), else bokmål.</summary>
    public static WrittenStandard WrittenStandardFor(WrittenStandard requested, WrittenStandard? recipients, string? municipalitys)
    {
        if (requested != WrittenStandard.Unspecified)
        {
            return requested;
        }
        if (recipients is { } language && language != WrittenStandard.Unspecified)
        {
            return language;
        }
        return municipalitys == "nn" ? WrittenStandard.Nn : WrittenStandard.Nb;
    }

    /// <summary>A person is known by identity number, anyone else by the key their event gives them: one notice per event, recipient and kind.</summary>
    public static string RecipientKey(string? identityNumber, string? directKey) =>
        identityNumber is not null ? $"person:{identityNumber}" : $"contact:{directKey}";

    /// <summary>A notice with no channel (a short notice to someone with no digital contact) is not sent, not failed.</summary>
    public static NoticeStatus PlannedStatus(IReadOnlyCollection<Channel> channels) => channels.Count == 0 ? NoticeStatus.NotSent : NoticeStatus.Pending;

    /// <summary>
    /// The wait before attempt <paramref name="attempts"/> + 1 on the same channel: the base delay doubled per
    /// attempt, then jittered down to between half and all of it (<paramref name="jitter"/> in [0, 1)).
    /// </summary>
    public static TimeSpan RetryDelay(TimeSpan baseDelay, int attempts, double jitter) =>
        baseDelay * Math.Pow(2, attempts - 1) * (0.5 + jitter * 0.5);

    /// <summary>Mailbox and paper are addressed by identity number (the dispatch service finds the address); SMS and e-mail by the direct contact, else the register's.</summary>
    public static string AddressFor(Notice notice, Channel channel) => channel switch
    {
        Channel.DigitalMailbox or Channel.Paper => notice.RecipientIdentityNumber ?? notice.DirectContact ?? "",
        _ => notice.DirectContact ?? (channel == Channel.Sms ? notice.RecipientMobile ?? "" : notice.RecipientEmail ?? ""),
    };
}
