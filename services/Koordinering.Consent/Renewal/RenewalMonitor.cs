using Koordinering.ServiceDefaults;
using Koordinering.Consent.Data;
using Koordinering.Consent.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koordinering.Consent.Renewal;

public sealed class RenewalOptions
{
    public const string Section = "Renewal";
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// When a child turns 16 they consent for themselves (pasrl § 4-3). A consent that only guardians
/// gave is then flagged for renewal: an event, and the caseworkers' renewal list.
/// </summary>
public sealed partial class RenewalMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<RenewalOptions> options, ILogger<RenewalMonitor> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var today = Koordinering.Domain.NorwegianTime.Today(now);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsentDbContext>();
        var due = await db.Consents
            .Where(c => c.Status == ConsentStatus.Active && c.RenewalDueAt == null && c.SubjectTurns16On != null && c.SubjectTurns16On <= today)
            .OrderBy(c => c.SubjectTurns16On)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        var flagged = 0;
        foreach (var consent in due.Where(c => c.GivenByGuardiansOnly))
        {
            consent.FlagRenewal(now);
            db.AddEvent(new EventEnvelope(now, consent.MunicipalityNumber, consent.Id).Stamp(new ConsentRenewalDueV1
            {
                ConsentId = consent.Id, SubjectIdentityNumber = consent.SubjectIdentityNumber, TurnedSixteenOn = consent.SubjectTurns16On!.Value,
            }));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                flagged++;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
            }
        }
        if (flagged > 0)
        {
            LogFlagged(logger, flagged);
        }
        return flagged;
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "Flagged {Count} consent(s) for renewal at the child's 16th birthday")]
    private static partial void LogFlagged(ILogger logger, int count);

}
