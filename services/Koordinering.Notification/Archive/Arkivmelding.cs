using System.Xml.Linq;

namespace Koordinering.Notification.Archive;

/// <summary>
/// Writes the Fiks Arkiv arkivmelding (message type <see cref="MessageType"/>, schema
/// no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd): a case folder (saksmappe) per application classified by
/// the person's identity number (FNR), screened under offl. § 13, and one registry entry (journalpost) in it with its
/// korrespondansepart and the document. Pure; element order follows the schema's sequences.
/// </summary>
public static class Arkivmelding
{
    public const string MessageType = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    public const string System = "Koordinering";
    public const string ClassificationSystem = "FNR";
    public const string AccessRestriction = "13";
    public const string ScreeningAuthority = "Offl. § 13 jf. fvl. § 13";

    public static readonly XNamespace Ns = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1";
    /// <summary>The Noark 5 metadata catalogue; the children of its types (kode, fagsystem, noekkel...) are qualified by it.</summary>
    public static readonly XNamespace Md = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1";
    private static readonly XNamespace Xsi = XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance");

    /// <summary>The external key of the case folder; the same for every document of one application.</summary>
    public static string FolderKey(Guid caseId) => $"sak:{caseId:D}";

    public static XDocument Write(ArchiveEntry entry) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(Ns + "arkivmelding",
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute(XNamespace.Xmlns + "n5mdk", Md),
            E("system", System),
            E("antallFiler", 1),
            Folder(entry),
            Entry(entry)));

    private static XElement Folder(ArchiveEntry entry) => new(Ns + "mappe",
        new XAttribute(Xsi + "type", "saksmappe"),
        E("tittel", entry.CaseTitle),
        E("offentligTittel", "Søknad om koordinerte tjenester"),
        Screening(),
        new XElement(Ns + "klassifikasjon",
            E("klassifikasjonssystemID", ClassificationSystem),
            E("klasseID", entry.IdentityNumber),
            E("erSkjermet", true)),
        Key(Ns + "referanseEksternNoekkel", FolderKey(entry.CaseId)),
        E("saksdato", Day(entry)));

    private static XElement Entry(ArchiveEntry entry) => new(Ns + "registrering",
        new XAttribute(Xsi + "type", "journalpost"),
        new XElement(Ns + "referanseForelderMappe", Key(Md + "referanseEksternNoekkel", FolderKey(entry.CaseId))),
        Screening(),
        new XElement(Ns + "dokumentbeskrivelse",
            Code("dokumenttype", entry.DocumentType),
            Code("dokumentstatus", "F"),
            E("tittel", entry.Title),
            Code("tilknyttetRegistreringSom", "H"),
            E("dokumentnummer", 1),
            new XElement(Ns + "dokumentobjekt",
                E("versjonsnummer", 1),
                Code("variantformat", "A"),
                Code("format", entry.Format),
                E("mimeType", entry.MimeType),
                E("filnavn", entry.FileName),
                E("referanseDokumentfil", entry.FileName))),
        E("tittel", entry.Title),
        E("offentligTittel", entry.Direction == ArchiveDirection.Incoming ? "Søknad" : "Brev"),
        new XElement(Ns + "korrespondansepart",
            Code("korrespondanseparttype", entry.Direction == ArchiveDirection.Incoming ? "EA" : "EM"),
            E("korrespondansepartNavn", entry.CounterpartName),
            E("personid", entry.IdentityNumber),
            E("erSkjermet", true)),
        Key(Ns + "referanseEksternNoekkel", entry.DocumentKey),
        Code("journalposttype", entry.Direction == ArchiveDirection.Incoming ? "I" : "U"),
        Code("journalstatus", "J"),
        E("dokumentetsDato", Day(entry)),
        entry.Direction == ArchiveDirection.Incoming
            ? E("mottattDato", Instant(entry))
            : E("sendtDato", Instant(entry)));

    private static string Day(ArchiveEntry entry) => entry.At.UtcDateTime.ToString("yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture);

    private static string Instant(ArchiveEntry entry) => global::System.Xml.XmlConvert.ToString(entry.At);

    private static XElement Screening() => new(Ns + "skjerming",
        Code("tilgangsrestriksjon", AccessRestriction),
        E("skjermingshjemmel", ScreeningAuthority));

    private static XElement Key(XName name, string key) => new(name, new XElement(Md + "fagsystem", System), new XElement(Md + "noekkel", key));

    private static XElement Code(string name, string code) => new(Ns + name, new XElement(Md + "kode", code));

    private static XElement E(string name, object value) => new(Ns + name, value is bool b ? (b ? "true" : "false") : value);
}
