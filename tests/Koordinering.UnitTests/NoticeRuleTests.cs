using Koordinering.Domain;
using Koordinering.Notification.Domain;

namespace Koordinering.UnitTests;

/// <summary>Who a notice goes to, in which written standard, and how delivery is retried and falls back; one behaviour per test.</summary>
public sealed class NoticeRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Adult = IdentityNumbers.For(new DateOnly(1990, 5, 17));
    private static readonly string Mother = IdentityNumbers.For(new DateOnly(1985, 2, 11));
    private static readonly string Father = IdentityNumbers.For(new DateOnly(1983, 9, 4));

    private static Notice Planned(params Channel[] channels) => new()
    {
        Id = Guid.NewGuid(), RecipientKey = $"person:{Adult}", Kind = "decision", MunicipalityNumber = "5001", Subject = "Vedtak", Body = "…",
        RecipientIdentityNumber = Adult, RecipientMobile = "+4790000001", RecipientEmail = "kari@example.no", Channels = [.. channels], NextAttemptAt = Now,
    };

    private static bool Fail(Notice notice, bool permanent = false, int max = 3) =>
        notice.AttemptFailed(notice.CurrentChannel!.Value, "HttpRequestException", permanent, max, attempts => TimeSpan.FromMinutes(attempts), Now);

    [Fact]
    public void A_child_under_18_is_written_to_through_the_guardians()
    {
        Assert.True(NoticeRules.ThroughGuardians(IdentityNumbers.For(new DateOnly(2008, 11, 24)), Today));
        Assert.False(NoticeRules.ThroughGuardians(IdentityNumbers.For(new DateOnly(2008, 11, 23)), Today));
    }

    [Fact]
    public void An_identity_number_that_tells_no_age_is_written_to_directly() =>
        Assert.False(NoticeRules.ThroughGuardians("not a number", Today));

    [Fact]
    public void A_childs_notice_goes_to_every_guardian_the_register_lists() =>
        Assert.Equal([Mother, Father], NoticeRules.Recipients("child", throughGuardians: true, [Mother, Father]));

    [Fact]
    public void A_child_without_guardians_in_the_register_is_written_to_directly() =>
        Assert.Equal(["child"], NoticeRules.Recipients("child", throughGuardians: true, []));

    [Fact]
    public void An_adult_is_written_to_directly() =>
        Assert.Equal([Adult], NoticeRules.Recipients(Adult, throughGuardians: false, [Mother]));

    [Fact]
    public void The_written_standard_asked_for_wins() =>
        Assert.Equal(WrittenStandard.Nn, NoticeRules.WrittenStandardFor(WrittenStandard.Nn, WrittenStandard.Nb, "nb"));

    [Fact]
    public void Else_the_recipients_own_written_standard() =>
        Assert.Equal(WrittenStandard.Nn, NoticeRules.WrittenStandardFor(WrittenStandard.Unspecified, WrittenStandard.Nn, "nb"));

    [Fact]
    public void Else_the_municipalitys_written_standard() =>
        Assert.Equal(WrittenStandard.Nn, NoticeRules.WrittenStandardFor(WrittenStandard.Unspecified, WrittenStandard.Unspecified, "nn"));

    [Theory]
    [InlineData(null)]
    [InlineData("nb")]
    [InlineData("se")]
    public void Else_bokmal(string? municipalitys) =>
        Assert.Equal(WrittenStandard.Nb, NoticeRules.WrittenStandardFor(WrittenStandard.Unspecified, null, municipalitys));

    [Fact]
    public void A_person_is_known_by_identity_number_anyone_else_by_their_key()
    {
        Assert.Equal($"person:{Adult}", NoticeRules.RecipientKey(Adult, "coordinator:k-1"));
        Assert.Equal("contact:coordinator:k-1", NoticeRules.RecipientKey(null, "coordinator:k-1"));
    }

    [Fact]
    public void A_notice_with_no_channel_is_not_sent_rather_than_failed()
    {
        Assert.Equal(NoticeStatus.NotSent, NoticeRules.PlannedStatus([]));
        Assert.Equal(NoticeStatus.Pending, NoticeRules.PlannedStatus([Channel.Sms]));
    }

    [Theory]
    [InlineData(1, 0.0, 15)]
    [InlineData(1, 0.999999, 30)]
    [InlineData(3, 0.0, 60)]
    [InlineData(3, 0.999999, 120)]
    public void Retries_back_off_doubling_each_attempt_with_jitter_down_to_half(int attempts, double jitter, int seconds) =>
        Assert.Equal(seconds, NoticeRules.RetryDelay(TimeSpan.FromSeconds(30), attempts, jitter).TotalSeconds, precision: 3);

    [Fact]
    public void Mailbox_and_paper_are_addressed_by_identity_number()
    {
        Assert.Equal(Adult, NoticeRules.AddressFor(Planned(), Channel.DigitalMailbox));
        Assert.Equal(Adult, NoticeRules.AddressFor(Planned(), Channel.Paper));
    }

    [Fact]
    public void SMS_and_e_mail_go_to_the_registers_contacts() =>
        Assert.Equal(("+4790000001", "kari@example.no"), (NoticeRules.AddressFor(Planned(), Channel.Sms), NoticeRules.AddressFor(Planned(), Channel.Email)));

    [Fact]
    public void A_direct_contact_is_used_before_the_registers()
    {
        var notice = new Notice { RecipientKey = "contact:coordinator", Kind = "evaluation_due", MunicipalityNumber = "5001", Subject = "", Body = "", DirectContact = "koordinator@nordby.kommune.no" };
        Assert.Equal("koordinator@nordby.kommune.no", NoticeRules.AddressFor(notice, Channel.Email));
    }

    [Fact]
    public void A_failed_attempt_is_retried_on_the_same_channel_after_the_delay()
    {
        var notice = Planned(Channel.DigitalMailbox, Channel.Paper);
        Assert.False(Fail(notice));
        Assert.Equal((Channel.DigitalMailbox, 1, Now.AddMinutes(1), NoticeStatus.Pending), (notice.CurrentChannel, notice.Attempts, notice.NextAttemptAt, notice.Status));
        Assert.Equal(("retry", "HttpRequestException"), (notice.Deliveries[^1].Outcome, notice.Deliveries[^1].Detail));
    }

    [Fact]
    public void After_the_last_attempt_on_a_channel_the_next_channel_is_tried_at_once()
    {
        var notice = Planned(Channel.DigitalMailbox, Channel.Paper);
        Fail(notice);
        Fail(notice);
        Assert.False(Fail(notice));
        Assert.Equal((Channel.Paper, 0, Now), (notice.CurrentChannel, notice.Attempts, notice.NextAttemptAt));
        Assert.Equal("fallback", notice.Deliveries[^1].Outcome);
    }

    [Fact]
    public void A_permanent_failure_falls_back_without_retrying()
    {
        var notice = Planned(Channel.DigitalMailbox, Channel.Paper);
        Fail(notice, permanent: true);
        Assert.Equal(Channel.Paper, notice.CurrentChannel);
    }

    [Fact]
    public void With_no_channel_left_the_notice_has_failed()
    {
        var notice = Planned(Channel.Paper);
        Assert.True(Fail(notice, permanent: true));
        Assert.Equal((NoticeStatus.Failed, (Channel?)null), (notice.Status, notice.CurrentChannel));
        Assert.Equal("failed", notice.Deliveries[^1].Outcome);
    }
}
