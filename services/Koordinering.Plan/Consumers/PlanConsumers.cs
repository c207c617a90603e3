using Koordinering.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Consumers;

/// <summary>
/// A decision that grants a coordinator or child coordinator opens a coordination waiting for
/// an appointment; a granted individual plan waits for the person's consent to a plan.
/// </summary>
public sealed class DecidedConsumer(PlanDbContext db) : IEventConsumer<DecidedV1>, IEventConsumer<DecisionReversedV1>
{
    public Task HandleAsync(DecidedV1 decided, CancellationToken cancellationToken) =>
        OpenAsync(decided.MunicipalityNumber, decided.PersonIdentityNumber, decided.ApplicationId, decided.Decisions, decided.OccurredAt, cancellationToken);

    public Task HandleAsync(DecisionReversedV1 reversed, CancellationToken cancellationToken) =>
        OpenAsync(reversed.MunicipalityNumber, reversed.PersonIdentityNumber, reversed.ApplicationId, [reversed.Decision], reversed.OccurredAt, cancellationToken);

    private async Task OpenAsync(string municipality, string? person, Guid applicationId, IReadOnlyList<RightDecision> decisions, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var granted = decisions.Where(d => d.Outcome == DecisionOutcome.Granted).Select(d => d.Right).ToHashSet();
        if (granted.Count == 0)
        {
            return;
        }
        if (person is null)
        {
            // An expected child: the coordination is opened when the child has an identity number.
            throw new PermanentEventException("A decision for an expected child has no identity number to open a coordination for yet.");
        }
        var coordination = await db.Coordinations.FirstOrDefaultAsync(c => c.MunicipalityNumber == municipality && c.PersonIdentityNumber == person, cancellationToken);
        if (coordination is null)
        {
            coordination = Coordination.Open(Guid.CreateVersion7(at), municipality, person, at, applicationId);
            db.Coordinations.Add(coordination);
        }
        coordination.Grant(granted.Contains(RequestedRight.Coordinator), granted.Contains(RequestedRight.ChildCoordinator), granted.Contains(RequestedRight.IndividualPlan));
    }
}

/// <summary>A withdrawn consent stops the named parties' access at once, even before the next consent check.</summary>
public sealed class ConsentWithdrawnConsumer(PlanDbContext db) : IEventConsumer<ConsentWithdrawnV1>
{
    public async Task HandleAsync(ConsentWithdrawnV1 withdrawn, CancellationToken cancellationToken)
    {
        foreach (var party in withdrawn.WithdrawnParties)
        {
            if (!await db.Revocations.AnyAsync(r => r.ConsentId == withdrawn.ConsentId && r.OrganisationNumber == party.OrganisationNumber, cancellationToken))
            {
                db.Revocations.Add(new AccessRevocation { ConsentId = withdrawn.ConsentId, OrganisationNumber = party.OrganisationNumber, PersonId = party.PersonId, RevokedAt = withdrawn.OccurredAt });
            }
        }
    }
}
