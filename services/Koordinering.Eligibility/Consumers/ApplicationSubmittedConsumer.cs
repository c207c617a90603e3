using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Data;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Eligibility.Consumers;

/// <summary>
/// An application arrived: open its assessment. Until the rule set exists, every criterion waits
/// for the caseworker's judgement, so the assessment is recorded under rule set "none".
/// </summary>
public sealed class ApplicationSubmittedConsumer(EligibilityDbContext db) : IEventConsumer<ApplicationSubmittedV1>
{
    public const string NoRuleSet = "none";

    public async Task HandleAsync(ApplicationSubmittedV1 submitted, CancellationToken cancellationToken)
    {
        if (await db.Assessments.AnyAsync(a => a.ApplicationId == submitted.ApplicationId, cancellationToken))
        {
            return;
        }
        db.Assessments.Add(new Domain.Assessment
        {
            Id = Guid.CreateVersion7(submitted.OccurredAt),
            ApplicationId = submitted.ApplicationId,
            MunicipalityNumber = submitted.MunicipalityNumber,
            Status = Domain.AssessmentStatus.AwaitingJudgement,
            RuleSetVersion = NoRuleSet,
            CreatedAt = submitted.OccurredAt,
        });
    }
}
