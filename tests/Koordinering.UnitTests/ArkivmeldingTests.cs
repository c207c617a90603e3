using System.Xml.Linq;
using System.Xml.Schema;
using Koordinering.Notification.Archive;

namespace Koordinering.UnitTests;

/// <summary>The arkivmelding follows KS's published Fiks Arkiv schema (TestData/fiks-arkiv, MIT) and carries the folder, entry, classification and screening.</summary>
public sealed class ArkivmeldingTests
{
    private static readonly string Person = IdentityNumbers.For(new DateOnly(1990, 5, 17));
    private static readonly Guid Case = Guid.Parse("0f0e0d0c-0b0a-0908-0706-050403020100");
    private static readonly XNamespace N = Arkivmelding.Ns;
    private static readonly XNamespace M = Arkivmelding.Md;

    private static ArchiveEntry Entry(ArchiveDirection direction, string type = "VEDTAK") => new(
        Case, $"decision:{Case:D}", Person, "Koordinerte tjenester", "Vedtak om koordinerte tjenester", direction,
        "Kari Nordmann", type, "vedtak.html", "HTML", "text/html", new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private static XmlSchemaSet Schemas()
    {
        var set = new XmlSchemaSet();
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "fiks-arkiv");
        // The opprett schema imports the metadata catalogue by a relative path; .NET resolves no imports by default.
        set.Add("https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1", Path.Combine(folder, "metadatakatalog.xsd"));
        set.Add(Arkivmelding.Ns.NamespaceName, Path.Combine(folder, "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"));
        set.Compile();
        return set;
    }

    private static List<string> Errors(XDocument document)
    {
        var errors = new List<string>();
        XDocument.Parse(document.ToString()).Validate(Schemas(), (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }

    [Theory]
    [InlineData(ArchiveDirection.Incoming)]
    [InlineData(ArchiveDirection.Outgoing)]
    public void The_arkivmelding_is_valid_against_the_published_schema(ArchiveDirection direction) =>
        Assert.Equal("", string.Join("\n", Errors(Arkivmelding.Write(Entry(direction)))));

    [Fact]
    public void The_schema_check_fails_an_arkivmelding_missing_a_required_element()
    {
        var document = Arkivmelding.Write(Entry(ArchiveDirection.Outgoing));
        document.Root!.Element(N + "registrering")!.Element(N + "tittel")!.Remove();
        Assert.NotEmpty(Errors(document));
    }

    [Fact]
    public void The_case_folder_is_classified_by_the_identity_number_and_screened()
    {
        var folder = Arkivmelding.Write(Entry(ArchiveDirection.Outgoing)).Root!.Element(N + "mappe")!;
        Assert.Equal("FNR", folder.Element(N + "klassifikasjon")!.Element(N + "klassifikasjonssystemID")!.Value);
        Assert.Equal(Person, folder.Element(N + "klassifikasjon")!.Element(N + "klasseID")!.Value);
        Assert.Equal("13", folder.Element(N + "skjerming")!.Element(N + "tilgangsrestriksjon")!.Element(M + "kode")!.Value);
        Assert.Equal("Offl. § 13 jf. fvl. § 13", folder.Element(N + "skjerming")!.Element(N + "skjermingshjemmel")!.Value);
        Assert.Equal($"sak:{Case:D}", folder.Element(N + "referanseEksternNoekkel")!.Element(M + "noekkel")!.Value);
    }

    [Theory]
    [InlineData(ArchiveDirection.Incoming, "I", "mottattDato")]
    [InlineData(ArchiveDirection.Outgoing, "U", "sendtDato")]
    public void The_registry_entry_goes_in_or_out_in_the_case_folder_with_its_own_key(ArchiveDirection direction, string type, string dated)
    {
        var entry = Arkivmelding.Write(Entry(direction)).Root!.Element(N + "registrering")!;
        Assert.Equal(type, entry.Element(N + "journalposttype")!.Element(M + "kode")!.Value);
        Assert.NotNull(entry.Element(N + dated));
        Assert.Equal($"decision:{Case:D}", entry.Element(N + "referanseEksternNoekkel")!.Element(M + "noekkel")!.Value);
        Assert.Equal($"sak:{Case:D}", entry.Element(N + "referanseForelderMappe")!.Element(M + "referanseEksternNoekkel")!.Element(M + "noekkel")!.Value);
        Assert.Equal("vedtak.html", entry.Descendants(N + "referanseDokumentfil").Single().Value);
        Assert.Equal(Person, entry.Element(N + "korrespondansepart")!.Element(N + "personid")!.Value);
    }
}
