using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Eligibility.Data;
using Koordinering.Eligibility.Domain.Rules;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Eligibility.Consumers;

/// <summary>An application arrived: pre-assess it with the rule set and say the assessment is ready.</summary>
public sealed class ApplicationSubmittedConsumer(EligibilityDbContext db) : IEventConsumer<ApplicationSubmittedV1>
{
    public async Task HandleAsync(ApplicationSubmittedV1 submitted, CancellationToken cancellationToken)
    {
        if (await db.Assessments.AnyAsync(a => a.ApplicationId == submitted.ApplicationId, cancellationToken))
        {
            return;
        }
        DateOnly? birthDate = submitted.PersonIdentityNumber is { } text && NationalIdentityNumber.TryParse(text, out var person) ? person.BirthDate : null;
        var assessedOn = NorwegianTime.Today(submitted.OccurredAt);
        var facts = new AssessmentFacts(birthDate, submitted.ExpectedBirthDate, submitted.Services, submitted.ExpectedDuration,
            submitted.RequestedRights, submitted.AssessAll, assessedOn);
        var pre = RuleSet.Assess(facts);

        var assessment = Domain.Assessment.FromPreAssessment(Guid.CreateVersion7(submitted.OccurredAt), submitted.ApplicationId,
            submitted.MunicipalityNumber, submitted.PersonIdentityNumber, submitted.WrittenStandard, pre, submitted.OccurredAt);
        db.Assessments.Add(assessment);
        db.AddEvent(new EventEnvelope(submitted.OccurredAt, assessment.MunicipalityNumber, assessment.Id).Stamp(new AssessmentReadyV1
        {
            AssessmentId = assessment.Id,
            ApplicationId = assessment.ApplicationId,
            RuleSetVersion = assessment.RuleSetVersion,
            Rights = pre.Rights.Select(r => new PreliminaryRight(r.Right, (PreliminaryOutcome)r.Preliminary)).ToList(),
            CoordinationLeadRecommended = pre.CoordinationLeadRecommendation is not null,
        }));
    }

}

/// <summary>A withdrawn application closes its assessment: nothing is decided on it.</summary>
public sealed class ApplicationWithdrawnConsumer(EligibilityDbContext db) : IEventConsumer<ApplicationWithdrawnV1>
{
    public async Task HandleAsync(ApplicationWithdrawnV1 withdrawn, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.FirstOrDefaultAsync(a => a.ApplicationId == withdrawn.ApplicationId, cancellationToken);
        assessment?.Close();
    }
}
