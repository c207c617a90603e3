using Koordinering.Domain;
using Koordinering.Notification.Contacts;
using Koordinering.Notification.Domain;

namespace Koordinering.UnitTests;

public sealed class KrrMappingTests
{
    private static KrrPerson Person(string? status = "AKTIV", string? reservation = "NEI", string? notify = "KAN_VARSLES", string? language = "nb") =>
        new("01010112345", reservation, status, notify, language, new KrrContact("a@example.test", "+4790000001"), new KrrDigitalPost("a#1", "987654321"));

    [Fact]
    public void An_active_person_gives_mobile_email_mailbox_and_language()
    {
        Assert.Equal(new(false, true, "+4790000001", "a@example.test", "a#1", WrittenStandard.Nb), KrrMapping.ToContactInfo(Person()));
    }

    [Fact]
    public void A_person_not_in_the_register_gives_nothing()
    {
        Assert.Null(KrrMapping.ToContactInfo(Person(status: "IKKE_REGISTRERT")));
        Assert.Null(KrrMapping.ToContactInfo(null));
    }

    [Fact]
    public void Reservation_is_JA()
    {
        Assert.True(KrrMapping.ToContactInfo(Person(reservation: "JA"))!.Reserved);
        Assert.False(KrrMapping.ToContactInfo(Person(reservation: null))!.Reserved);
    }

    [Fact]
    public void A_person_who_cannot_be_notified_is_not_notifiable()
    {
        Assert.False(KrrMapping.ToContactInfo(Person(notify: "KAN_IKKE_VARSLES"))!.CanBeNotified);
    }

    [Fact]
    public void A_deleted_person_has_no_contact_details_and_cannot_be_notified()
    {
        var contact = KrrMapping.ToContactInfo(Person(status: "SLETTET"))!;

        Assert.False(contact.CanBeNotified);
        Assert.Null(contact.Mobile);
        Assert.Null(contact.Email);
        Assert.Null(contact.DigitalMailbox);
    }

    [Theory]
    [InlineData("nn", WrittenStandard.Nn)]
    [InlineData("NB", WrittenStandard.Nb)]
    [InlineData("en", WrittenStandard.Unspecified)]
    [InlineData(null, WrittenStandard.Unspecified)]
    public void Language_maps_to_the_written_standard(string? language, WrittenStandard expected)
    {
        Assert.Equal(expected, KrrMapping.ToContactInfo(Person(language: language))!.Language);
    }
}
