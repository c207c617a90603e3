namespace Koordinering.Notification.Archive;

public enum ArchiveStatus
{
    Pending = 1,
    Archived = 2,
}

/// <summary>
/// One document waiting for (or delivered to) the archive: the finished arkivmelding and the document's bytes, written in
/// the event's transaction, so an archive that is away only delays archiving. The document key is unique: a redelivered
/// event enqueues nothing twice, and the archive recognises a resend by it.
/// </summary>
public sealed class ArchiveItem
{
    public Guid Id { get; set; }
    public required string DocumentKey { get; set; }
    public Guid CaseId { get; set; }
    public required string Kind { get; set; }
    public required string MunicipalityNumber { get; set; }
    public required string ArkivmeldingXml { get; set; }
    public required string FileName { get; set; }
    public required string Format { get; set; }
    public required string MimeType { get; set; }
    public required byte[] Content { get; set; }
    public ArchiveStatus Status { get; set; } = ArchiveStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>The last failure's kind (an exception type name), never a message that could carry personal data.</summary>
    public string? LastError { get; set; }
}
