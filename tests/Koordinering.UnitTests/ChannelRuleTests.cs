using Koordinering.Domain;
using Koordinering.Notification.Domain;

namespace Koordinering.UnitTests;

/// <summary>Which channels a letter or a short notice goes through (KRR decides; docs/domain.md, notices); one behaviour per test.</summary>
public sealed class ChannelRuleTests
{
    private static ContactInfo Contact(bool reserved = false, bool canBeNotified = true, string? mobile = "+4799999999", string? email = "ola@example.no", string? mailbox = "digipost") =>
        new(reserved, canBeNotified, mobile, email, mailbox, WrittenStandard.Nb);

    [Fact]
    public void A_letter_goes_to_the_digital_mailbox_then_on_paper() =>
        Assert.Equal([Channel.DigitalMailbox, Channel.Paper], ChannelRules.For(letter: true, Contact(), null));

    [Fact]
    public void A_letter_to_someone_reserved_against_digital_mail_goes_on_paper() =>
        Assert.Equal([Channel.Paper], ChannelRules.For(letter: true, Contact(reserved: true), null));

    [Fact]
    public void A_letter_to_someone_without_a_digital_mailbox_goes_on_paper() =>
        Assert.Equal([Channel.Paper], ChannelRules.For(letter: true, Contact(mailbox: null), null));

    [Fact]
    public void A_letter_to_someone_not_in_the_register_goes_on_paper() =>
        Assert.Equal([Channel.Paper], ChannelRules.For(letter: true, null, null));

    [Fact]
    public void A_short_notice_goes_by_SMS_then_e_mail() =>
        Assert.Equal([Channel.Sms, Channel.Email], ChannelRules.For(letter: false, Contact(), null));

    [Fact]
    public void A_short_notice_to_someone_reserved_is_not_sent_at_all() =>
        Assert.Empty(ChannelRules.For(letter: false, Contact(reserved: true), null));

    [Fact]
    public void A_short_notice_to_someone_who_cannot_be_notified_is_not_sent_at_all() =>
        Assert.Empty(ChannelRules.For(letter: false, Contact(canBeNotified: false), null));

    [Fact]
    public void A_short_notice_to_someone_with_only_an_e_mail_address_goes_by_e_mail() =>
        Assert.Equal([Channel.Email], ChannelRules.For(letter: false, Contact(mobile: null), null));

    [Fact]
    public void A_direct_contact_with_an_at_sign_is_e_mail() =>
        Assert.Equal([Channel.Email], ChannelRules.For(letter: false, null, "koordinator@kommune.no"));

    [Fact]
    public void A_direct_contact_without_an_at_sign_is_SMS() =>
        Assert.Equal([Channel.Sms], ChannelRules.For(letter: false, null, "+4791234567"));

    [Fact]
    public void A_notice_due_in_the_day_goes_at_once()
    {
        var noon = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal(noon, ChannelRules.NotAtNight(noon, NorwegianTime.Zone, new TimeOnly(21, 0), new TimeOnly(8, 0)));
    }

    [Fact]
    public void A_notice_due_after_midnight_waits_until_eight_the_same_morning() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero),
            ChannelRules.NotAtNight(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero), NorwegianTime.Zone, new TimeOnly(21, 0), new TimeOnly(8, 0)));
}
