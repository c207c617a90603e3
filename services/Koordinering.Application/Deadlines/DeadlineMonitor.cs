using Koordinering.Domain;
using Koordinering.ServiceDefaults;
using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Application.Domain;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koordinering.Application.Deadlines;

public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far ahead an automatic interim reply promises an answer.</summary>
    public TimeSpan AutomaticExpectedDelay { get; set; } = TimeSpan.FromDays(28);

    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// fvl § 11 a: a case not decided within one month of receipt gets a written interim reply. If no
/// caseworker has recorded one when the month is up, this sends one with the standard reason;
/// either way an event asks the Notification service for the letter.
/// </summary>
public sealed partial class DeadlineMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<DeadlineOptions> options, ILogger<DeadlineMonitor> logger) : PeriodicJob(time, logger)
{
    /// <summary>The standard reason, kept in bokmål on the case; the letter template writes it in the recipient's standard.</summary>
    public const string StandardReason = "Saken er ikke ferdig behandlet innen én måned fordi kartleggingen av behovene ikke er avsluttet.";

    protected override TimeSpan Interval => options.Value.CheckInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var due = await db.Applications
            .Where(a => (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InAssessment)
                && a.InterimReplyDue <= now && a.InterimReplyRecordedAt == null)
            .OrderBy(a => a.InterimReplyDue)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var application in due)
        {
            var expected = NorwegianTime.Today(now + options.Value.AutomaticExpectedDelay);
            application.RecordInterimReply("service:application", StandardReason, expected, automatic: true, now);
            db.AddEvent(Applications.ApplicationEvents.InterimReply(application, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                sent++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A caseworker changed the case meanwhile; the next pass looks again.
                db.ChangeTracker.Clear();
            }
        }
        if (sent > 0)
        {
            LogSent(logger, sent);
        }
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} automatic interim reply request(s)")]
    private static partial void LogSent(ILogger logger, int count);

}
