using Koordinering.Domain;
using Koordinering.ServiceDefaults;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koordinering.Plan.Evaluations;

public sealed class EvaluationOptions
{
    public const string Section = "Evaluations";

    /// <summary>How many days before an evaluation date the reminder goes out.</summary>
    public int DaysBefore { get; set; } = 14;

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Fires an evaluation-due event a configurable number of days before each evaluation date, once.</summary>
public sealed partial class EvaluationMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<EvaluationOptions> options, ILogger<EvaluationMonitor> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var today = NorwegianTime.Today(now);
        var horizon = today.AddDays(options.Value.DaysBefore);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanDbContext>();
        var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Active).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var plan in plans)
        {
            foreach (var date in plan.Content.EvaluationDates.Where(d => d >= today && d <= horizon))
            {
                if (await db.EvaluationNotices.AnyAsync(n => n.PlanId == plan.Id && n.EvaluationDate == date, cancellationToken))
                {
                    continue;
                }
                var coordinator = await db.Coordinations.AsNoTracking().Where(c => c.Id == plan.CoordinationId)
                    .SelectMany(c => c.Appointments).Where(a => a.ReplacedAt == null).Select(a => a.Email).FirstOrDefaultAsync(cancellationToken);
                db.EvaluationNotices.Add(new EvaluationNotice { PlanId = plan.Id, EvaluationDate = date, SentAt = now });
                db.AddEvent(new EventEnvelope(now, plan.MunicipalityNumber, plan.Id).Stamp(new EvaluationDueV1
                {
                    PlanId = plan.Id,
                    PersonIdentityNumber = plan.PersonIdentityNumber,
                    EvaluationDate = date,
                    CoordinatorEmail = coordinator,
                }));
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    sent++;
                }
                catch (DbUpdateException)
                {
                    // Another replica sent it first.
                    db.ChangeTracker.Clear();
                }
            }
        }
        if (sent > 0)
        {
            LogSent(logger, sent);
        }
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} evaluation-due event(s)")]
    private static partial void LogSent(ILogger logger, int count);

}
