using System.Xml.Linq;
using Koordinering.Notification.Data;
using Koordinering.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Archive;

/// <summary>
/// Sends due archive items through the archive port: pending → archived, or on failure another attempt later with
/// exponential back-off (stored on the item). An archive that is away delays archiving, never the case. Replicas never
/// send the same item at once (FOR UPDATE SKIP LOCKED); the archive recognises a resend by the document key.
/// With no archive configured, items wait.
/// </summary>
public sealed partial class ArchiveDispatcher(IServiceScopeFactory scopes, IServiceProvider services, TimeProvider time,
    IOptions<ArchiveOptions> options, ILogger<ArchiveDispatcher> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IArchive>() is not { } archive)
        {
            return 0;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = Time.GetUtcNow();
        var due = await db.ArchiveItems.FromSql($"""
            SELECT * FROM archive_items WHERE status = 'Pending' AND next_attempt_at <= {now}
            ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        var archived = 0;
        foreach (var item in due)
        {
            try
            {
                var message = new ArchiveMessage(item.DocumentKey, XDocument.Parse(item.ArkivmeldingXml),
                    [new ArchiveDocument(item.FileName, item.Format, item.MimeType, item.Content)]);
                await archive.SendAsync(message, cancellationToken);
                item.Status = ArchiveStatus.Archived;
                item.ArchivedAt = now;
                item.LastError = null;
                archived++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                item.Attempts++;
                item.NextAttemptAt = now + options.Value.RetryDelay(item.Attempts);
                item.LastError = ex.GetType().Name;
                LogFailed(logger, item.Id, item.Kind, item.Attempts, item.LastError);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return archived;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archive item {ItemId} ({Kind}) failed on attempt {Attempts} ({Error}); it is tried again later")]
    private static partial void LogFailed(ILogger logger, Guid itemId, string kind, int attempts, string error);
}
