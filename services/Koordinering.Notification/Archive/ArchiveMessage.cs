using System.Xml.Linq;

namespace Koordinering.Notification.Archive;

/// <summary>One message to the archive: the arkivmelding and the document files it refers to, under a key unique per document.</summary>
public sealed record ArchiveMessage(string DocumentKey, XDocument Arkivmelding, IReadOnlyList<ArchiveDocument> Documents);
