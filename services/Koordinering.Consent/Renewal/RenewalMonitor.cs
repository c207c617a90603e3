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
public sealed partial class RenewalMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<RenewalOptions> options, ILogger<RenewalMonitor> logger) : BackgroundService
{
    private static readonly TimeZoneInfo Oslo = FindOslo();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
#pragma warning disable CA1031 // One failed pass must not stop the monitor: it runs again at the next interval.
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex.GetType().Name);
            }
#pragma warning restore CA1031
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Oslo).DateTime);
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
            db.AddEvent(new ConsentRenewalDueV1
            {
                EventId = Guid.CreateVersion7(now), OccurredAt = now, MunicipalityNumber = consent.MunicipalityNumber, AggregateId = consent.Id,
                ConsentId = consent.Id, SubjectIdentityNumber = consent.SubjectIdentityNumber, TurnedSixteenOn = consent.SubjectTurns16On!.Value,
            });
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

    private static TimeZoneInfo FindOslo()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Flagged {Count} consent(s) for renewal at the child's 16th birthday")]
    private static partial void LogFlagged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The renewal check failed ({Error}); it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, string error);
}
