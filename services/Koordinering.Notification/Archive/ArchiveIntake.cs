using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Notification.Channels;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Koordinering.Notification.Letters;
using Koordinering.Notification.Texts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Archive;

/// <summary>
/// Puts a document on the archive queue in the event's transaction: the letter rendered to PDF and its arkivmelding,
/// written once per document key (a redelivered event adds nothing). The <see cref="ArchiveDispatcher"/> sends it.
/// </summary>
public sealed class ArchiveIntake(NotificationDbContext db, Templates templates, LetterPdf pdf, IOptions<LetterOptions> letters,
    IOptions<NotificationOptions> options, TimeProvider time)
{
    public const string CaseTitle = "Koordinerte tjenester";

    /// <summary>The Noark 5 format code for PDF/A, which <see cref="LetterPdf"/> writes.</summary>
    public const string PdfFormat = "RA-PDF";

    /// <summary>A letter from a template (decision, interim reply) as an outgoing registry entry in the application's case folder.</summary>
    public Task LetterAsync(IntegrationEvent e, string documentKey, Guid caseId, string person, string template, WrittenStandard requested,
        Func<WrittenStandard, IReadOnlyDictionary<string, string>> model, string kind, string documentType, DateTimeOffset at, CancellationToken ct)
    {
        var standard = NoticeRules.WrittenStandardFor(requested, null, options.Value.MunicipalityWrittenStandard.GetValueOrDefault(e.MunicipalityNumber));
        var letter = templates.Render(template, standard, model(standard));
        return AddAsync(e, documentKey, caseId, person, letter, standard, kind, documentType, "Søker", at, ct);
    }

    /// <summary>
    /// A closed plan as an outgoing registry entry in the case folder of the application that opened its coordination
    /// (an older event without the application id falls back to a folder of its own, keyed by the plan); the document
    /// says which plan was closed and when.
    /// </summary>
    public Task ClosedPlanAsync(PlanClosedV1 e, CancellationToken ct)
    {
        var standard = NoticeRules.WrittenStandardFor(WrittenStandard.Unspecified, null, options.Value.MunicipalityWrittenStandard.GetValueOrDefault(e.MunicipalityNumber));
        var nn = standard == WrittenStandard.Nn;
        var day = Templates.Date(NorwegianTime.Today(e.OccurredAt), standard);
        var document = new RenderedText(
            nn ? "Individuell plan er avslutta" : "Individuell plan er avsluttet",
            nn ? $"Den individuelle planen (plan-ID {e.PlanId:D}) vart avslutta {day}. Den siste versjonen av planen er gjeldande ved avslutninga."
               : $"Den individuelle planen (plan-ID {e.PlanId:D}) ble avsluttet {day}. Den siste versjonen av planen gjelder ved avslutningen.");
        return AddAsync(e, $"plan-closed:{e.EventId:D}", e.ApplicationId ?? e.PlanId, e.PersonIdentityNumber, document, standard, "plan_closed", "PLAN", "Tjenestemottaker", e.OccurredAt, ct);
    }

    private async Task AddAsync(IntegrationEvent e, string documentKey, Guid caseId, string person, RenderedText document, WrittenStandard standard,
        string kind, string documentType, string counterpart, DateTimeOffset at, CancellationToken ct)
    {
        if (db.ArchiveItems.Local.Any(i => i.DocumentKey == documentKey) || await db.ArchiveItems.AnyAsync(i => i.DocumentKey == documentKey, ct))
        {
            return;
        }
        var day = Templates.Date(NorwegianTime.Today(at), standard);
        var bytes = pdf.Render(document, letters.Value.LetterheadFor(e.MunicipalityNumber), day);
        var fileName = $"{kind}.pdf";
        var entry = new ArchiveEntry(caseId, documentKey, person, CaseTitle, document.Subject, ArchiveDirection.Outgoing, counterpart, documentType,
            fileName, PdfFormat, "application/pdf", at);
        var xml = Arkivmelding.Write(entry);
        var now = time.GetUtcNow();
        db.ArchiveItems.Add(new ArchiveItem
        {
            Id = Guid.CreateVersion7(now), DocumentKey = documentKey, CaseId = caseId, Kind = kind, MunicipalityNumber = e.MunicipalityNumber,
            ArkivmeldingXml = xml.Declaration + "\n" + xml.Root, FileName = fileName, Format = PdfFormat, MimeType = "application/pdf", Content = bytes,
            CreatedAt = now, NextAttemptAt = now,
        });
    }
}
