using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace Koordinering.Notification.Archive;

/// <summary>
/// The archive message as an ASiC-E container (the zip Fiks IO carries): <c>mimetype</c> first and stored, then
/// <c>arkivmelding.xml</c>, the documents and <c>META-INF/manifest.xml</c>. Not signed: KS's client can add a XAdES
/// signature (<c>META-INF/signatures.xml</c>) with the sender's certificate; this does not (see the README).
/// </summary>
public static class AsiceContainer
{
    public const string MimeType = "application/vnd.etsi.asic-e+zip";
    public const string ArkivmeldingFile = "arkivmelding.xml";
    private static readonly XNamespace Manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

    /// <summary>The container's bytes; the entries carry <paramref name="at"/> as their time (the clock is not read here).</summary>
    public static byte[] Build(ArchiveMessage message, DateTimeOffset at)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "mimetype", Encoding.ASCII.GetBytes(MimeType), at, CompressionLevel.NoCompression);
            Add(zip, ArkivmeldingFile, Encoding.UTF8.GetBytes(message.Arkivmelding.Declaration + "\n" + message.Arkivmelding.Root), at);
            foreach (var document in message.Documents)
            {
                Add(zip, Path.GetFileName(document.FileName), document.Content, at);
            }
            var manifest = new XDocument(new XDeclaration("1.0", "utf-8", null),
                new XElement(Manifest + "manifest", new XAttribute(XNamespace.Xmlns + "manifest", Manifest),
                    Entry("/", MimeType),
                    Entry(ArkivmeldingFile, "application/xml"),
                    message.Documents.Select(d => Entry(Path.GetFileName(d.FileName), d.MimeType))));
            Add(zip, "META-INF/manifest.xml", Encoding.UTF8.GetBytes(manifest.Declaration + "\n" + manifest.Root), at);
        }
        return buffer.ToArray();
    }

    private static XElement Entry(string path, string mediaType) =>
        new(Manifest + "file-entry", new XAttribute(Manifest + "full-path", path), new XAttribute(Manifest + "media-type", mediaType));

    private static void Add(ZipArchive zip, string name, byte[] content, DateTimeOffset at, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = at;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
