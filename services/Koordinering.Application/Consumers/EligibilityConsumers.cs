using Koordinering.Application.Data;
using Koordinering.Application.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Application.Consumers;

/// <summary>The Eligibility service's events move the case along its life cycle.</summary>
public sealed class AssessmentReadyConsumer(ApplicationDbContext db) : IEventConsumer<AssessmentReadyV1>
{
    public async Task HandleAsync(AssessmentReadyV1 ready, CancellationToken cancellationToken)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == ready.ApplicationId, cancellationToken)
            ?? throw new PermanentEventException("The application of this assessment does not exist here.");
        if (application.Status == ApplicationStatus.Received)
        {
            application.AssessmentReady(ready.AssessmentId, ready.OccurredAt, EventTypes.ActorOf(ready));
        }
    }
}

public sealed class DecidedConsumer(ApplicationDbContext db) : IEventConsumer<DecidedV1>
{
    public async Task HandleAsync(DecidedV1 decided, CancellationToken cancellationToken)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == decided.ApplicationId, cancellationToken)
            ?? throw new PermanentEventException("The application of this decision does not exist here.");
        if (!Lifecycle.CanMove(application.Status, ApplicationStatus.Decided))
        {
            throw new PermanentEventException($"A decision arrived for a case that is {application.Status}.");
        }
        var summary = string.Join(", ", decided.Decisions.Select(d => $"{d.Right}: {d.Outcome}"));
        application.Decided(decided.AssessmentId, decided.DecidedAt, summary, EventTypes.ActorOf(decided));
    }
}

public sealed class DecisionReversedConsumer(ApplicationDbContext db) : IEventConsumer<DecisionReversedV1>
{
    public async Task HandleAsync(DecisionReversedV1 reversed, CancellationToken cancellationToken)
    {
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == reversed.ApplicationId, cancellationToken)
            ?? throw new PermanentEventException("The application of this decision does not exist here.");
        if (!Lifecycle.CanMove(application.Status, ApplicationStatus.Reversed))
        {
            throw new PermanentEventException($"A reversal arrived for a case that is {application.Status}.");
        }
        application.Reversed(reversed.DecidedAt, $"{reversed.Decision.Right}: {reversed.Decision.Outcome} (version {reversed.Decision.Version})", EventTypes.ActorOf(reversed));
    }
}
