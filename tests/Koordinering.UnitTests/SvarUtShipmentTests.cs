using Koordinering.Notification.Channels;
using Koordinering.Notification.Domain;

namespace Koordinering.UnitTests;

/// <summary>The SvarUt forsendelse's JSON (pure): recipient, reference, print configuration, and the receipt read from the answer.</summary>
public sealed class SvarUtShipmentTests
{
    private static readonly SvarUtOptions Options = new() { Duplex = false, Colour = true };
    private static readonly Guid Id = Guid.Parse("6f1c1f7e-8a8f-43ec-be63-78f7321f47fc");
    private static readonly PostalAddress Home = new("Ola Nordmann", "Storgata 1", "7010", "Trondheim");

    [Fact]
    public void A_mailbox_letter_names_the_person_by_identity_number_and_may_go_to_print()
    {
        var json = SvarUtShipment.Forsendelse(new OutgoingMessage(Id, Channel.DigitalMailbox, "01010112345", "Tittel", "Tekst"), Options);

        Assert.Equal("01010112345", (string?)json["mottaker"]!["digitalAdresse"]!["fodselsNummer"]);
        Assert.Null(json["mottaker"]!["postAdresse"]);
        Assert.Equal(Id.ToString(), (string?)json["eksternReferanse"]);
        Assert.Equal("Tittel", (string?)json["tittel"]);
        Assert.False((bool)json["kunDigitalLevering"]!);
        Assert.False((bool)json["utskriftsKonfigurasjon"]!["tosidig"]!);
        Assert.True((bool)json["utskriftsKonfigurasjon"]!["utskriftMedFarger"]!);
        Assert.Equal(SvarUtShipment.FileName, (string?)json["dokumenter"]![0]!["filnavn"]);
    }

    [Fact]
    public void A_known_postal_address_goes_along_and_on_paper_it_alone_is_the_recipient()
    {
        var mailbox = SvarUtShipment.Forsendelse(new OutgoingMessage(Id, Channel.DigitalMailbox, "01010112345", "T", "B", "5001", Home), Options);
        var paper = SvarUtShipment.Forsendelse(new OutgoingMessage(Id, Channel.Paper, "01010112345", "T", "B", "5001", Home), Options);

        Assert.Equal("Storgata 1", (string?)mailbox["mottaker"]!["postAdresse"]!["adresse1"]);
        Assert.NotNull(mailbox["mottaker"]!["digitalAdresse"]);
        Assert.Equal("7010", (string?)paper["mottaker"]!["postAdresse"]!["postNummer"]);
        Assert.Null(paper["mottaker"]!["digitalAdresse"]);
    }

    [Theory]
    [InlineData("""{"id":"abc-123"}""", "abc-123")]
    [InlineData("", null)]
    [InlineData("not json", null)]
    [InlineData("""{"other":1}""", null)]
    public void The_receipt_is_the_forsendelse_id_in_the_answer(string answer, string? receipt) =>
        Assert.Equal(receipt, SvarUtShipment.Receipt(answer));
}
