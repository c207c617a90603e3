namespace Koordinering.Notification.Archive;

/// <summary>One document to archive: the case folder (saksmappe) it belongs to and the registry entry (journalpost) it makes.</summary>
/// <param name="CaseId">The application's id; the case folder's external key.</param>
/// <param name="DocumentKey">Unique per document; the registry entry's external key, so a retried send is recognised.</param>
/// <param name="IdentityNumber">The person the case is about; the folder's class (FNR). Only ever written into the XML.</param>
/// <param name="CounterpartName">The korrespondansepart's name (the applicant or the recipient).</param>
/// <param name="At">When the document was received or sent; dates are written from it in UTC.</param>
/// <param name="DocumentType">Document type code, e.g. SØKNAD, VEDTAK, KORR, PLAN.</param>
public sealed record ArchiveEntry(
    Guid CaseId,
    string DocumentKey,
    string IdentityNumber,
    string CaseTitle,
    string Title,
    ArchiveDirection Direction,
    string CounterpartName,
    string DocumentType,
    string FileName,
    string Format,
    string MimeType,
    DateTimeOffset At);
