using Koordinering.Domain;
using Koordinering.Eventing;
using Koordinering.Contracts.Events;
using Koordinering.Plan.Consent;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Koordinering.Plan.Plans;

/// <summary>Makes, changes, evaluates and closes plans; each change is a new version with its event, saved in one transaction.</summary>
public sealed class PlanHandler(PlanDbContext db, TimeProvider time, PlanAccess access, IConsentCheck consent)
{
    private const string OnePerPerson = "The person already has an individual plan; there is only one per person.";

    /// <summary>An individual plan is made only for a person granted one, only once, and only with written consent.</summary>
    public async Task<CarePlan> CreateIndividualPlanAsync(Caller caller, Guid coordinationId, PlanDocument document, CancellationToken cancellationToken)
    {
        var coordination = await access.CoordinationForChangeAsync(caller, coordinationId, cancellationToken);
        if (!coordination.MayHaveIndividualPlan)
        {
            throw RpcErrors.FailedPrecondition("No right to an individual plan has been granted for this person.");
        }
        if (await db.Plans.AnyAsync(p => p.PersonIdentityNumber == coordination.PersonIdentityNumber && p.Kind == PlanKind.IndividualPlan, cancellationToken))
        {
            throw RpcErrors.AlreadyExists(OnePerPerson);
        }
        var verdict = await consent.CheckAsync(coordination.PersonIdentityNumber, ConsentPurpose.IndividualPlan, null, null, cancellationToken);
        switch (verdict.Answer)
        {
            case ConsentAnswer.Unreachable:
                throw RpcErrors.Unavailable(verdict.Reason);
            case ConsentAnswer.Denied:
                throw RpcErrors.FailedPrecondition("The person has not consented to an individual plan: a plan is made only with written consent.");
        }
        return await CreateAsync(caller, coordination, PlanKind.IndividualPlan, document, verdict.ConsentId, cancellationToken);
    }

    /// <summary>A service overview: who gives which service, for a coordination that has no plan yet.</summary>
    public async Task<CarePlan> CreateServiceOverviewAsync(Caller caller, Guid coordinationId, PlanDocument document, CancellationToken cancellationToken)
    {
        var coordination = await access.CoordinationForChangeAsync(caller, coordinationId, cancellationToken);
        if (coordination.PlanId is not null)
        {
            throw RpcErrors.AlreadyExists("This coordination already has a plan or service overview.");
        }
        return await CreateAsync(caller, coordination, PlanKind.ServiceOverview, document, null, cancellationToken);
    }

    public async Task<CarePlan> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        (await access.PlanAsync(caller, id, PlanRole.Participant, tracked: false, cancellationToken)).Plan;

    public async Task<List<PlanRevision>> HistoryAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var (plan, _) = await access.PlanAsync(caller, id, PlanRole.Participant, tracked: false, cancellationToken);
        return await db.Revisions.AsNoTracking().Where(r => r.PlanId == plan.Id).OrderBy(r => r.Version).ToListAsync(cancellationToken);
    }

    /// <summary>Only the coordinator edits the plan, on the version they read.</summary>
    public Task<CarePlan> UpdateAsync(Caller caller, Guid id, int expectedVersion, PlanDocument document, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, PlanRole.Coordinator, expectedVersion, _ => document, "updated", cancellationToken);

    /// <summary>The coordinator evaluates: goals and measures restated, the next evaluation date set.</summary>
    public Task<CarePlan> EvaluateAsync(Caller caller, Guid id, int expectedVersion, IReadOnlyList<Goal> goals, IReadOnlyList<Measure> measures, DateOnly next, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, PlanRole.Coordinator, expectedVersion,
            plan => PlanEvaluation.Evaluate(plan.Content, goals, measures, next, NorwegianTime.Today(time.GetUtcNow())), "evaluated", cancellationToken);

    /// <summary>The person and their guardians propose; the coordinator decides whether the plan changes.</summary>
    public async Task<ChangeProposal> ProposeAsync(Caller caller, Guid id, string text, CancellationToken cancellationToken)
    {
        var (plan, _) = await access.PlanAsync(caller, id, PlanRole.Owner, tracked: false, cancellationToken);
        var now = time.GetUtcNow();
        var proposal = new ChangeProposal { Id = Guid.CreateVersion7(now), PlanId = plan.Id, Text = text, ProposedBy = caller.Actor, ProposedAt = now };
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync(cancellationToken);
        return proposal;
    }

    /// <summary>A caseworker or the coordinator closes the plan; it is then read-only.</summary>
    public async Task<CarePlan> CloseAsync(Caller caller, Guid id, int expectedVersion, CancellationToken cancellationToken)
    {
        var (plan, _) = await access.PlanAsync(caller, id, PlanRole.Caseworker, tracked: true, cancellationToken);
        var now = time.GetUtcNow();
        plan.Close(expectedVersion, caller.Actor, now);
        var applicationId = await db.Coordinations.Where(c => c.Id == plan.CoordinationId).Select(c => c.ApplicationId).FirstOrDefaultAsync(cancellationToken);
        db.AddEvent(PlanEvents.Closed(plan, applicationId, now));
        await SaveAsync(plan, cancellationToken);
        return plan;
    }

    /// <summary>A plan saved over someone else's change answers with the version it now has (the interceptor makes it Aborted).</summary>
    public async Task SaveAsync(CarePlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new StaleVersionException(await db.Plans.AsNoTracking().Where(p => p.Id == plan.Id).Select(p => p.Version).FirstAsync(cancellationToken));
        }
    }

    private async Task<CarePlan> ChangeAsync(Caller caller, Guid id, PlanRole needed, int expectedVersion, Func<CarePlan, PlanDocument> change, string kind, CancellationToken cancellationToken)
    {
        var (plan, _) = await access.PlanAsync(caller, id, needed, tracked: true, cancellationToken);
        var document = change(plan);
        PlanRules.Check(document).ThrowIfAny();
        var now = time.GetUtcNow();
        plan.Change(expectedVersion, document, kind, caller.Actor, now);
        db.AddEvent(PlanEvents.Changed(plan, now, kind));
        await SaveAsync(plan, cancellationToken);
        return plan;
    }

    private async Task<CarePlan> CreateAsync(Caller caller, Coordination coordination, PlanKind kind, PlanDocument document, Guid? consentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var plan = CarePlan.Create(new CarePlan
        {
            Id = Guid.CreateVersion7(now), CoordinationId = coordination.Id, MunicipalityNumber = coordination.MunicipalityNumber,
            PersonIdentityNumber = coordination.PersonIdentityNumber, Kind = kind, ConsentId = consentId, CreatedAt = now,
        }, document, caller.Actor, now);
        db.Plans.Add(plan);
        coordination.AttachPlan(plan.Id, kind);
        db.AddEvent(PlanEvents.Created(plan, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw RpcErrors.AlreadyExists(OnePerPerson);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RpcErrors.Aborted("The coordination changed while this request was handled; read it again and retry.");
        }
        return plan;
    }
}
