using Koordinering.Plan.Consent;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Plans;

/// <summary>
/// The active plans a person, guardian, coordinator or participant may read, across every plan (for their own
/// calendar and conversations): the plans and their coordinations each in one query, the participant's consents
/// asked together, and each decided by <see cref="PlanAccess"/>.
/// </summary>
public sealed class ReadablePlans(PlanDbContext db, PlanAccess access, IPopulationRegister register, IConsentCheck consent)
{
    public async Task<List<CarePlan>> ForAsync(Caller caller, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(caller, cancellationToken);
        var coordinationIds = candidates.Select(p => p.CoordinationId).Distinct().ToList();
        var coordinations = await db.Coordinations.AsNoTracking().Include(c => c.Appointments)
            .Where(c => coordinationIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var shown = new List<CarePlan>();
        var askConsent = new List<CarePlan>();
        foreach (var plan in candidates)
        {
            switch (await access.RoleBeforeConsentAsync(caller, coordinations[plan.CoordinationId], plan, cancellationToken))
            {
                case null:
                    askConsent.Add(plan);
                    break;
                case >= PlanRole.Participant:
                    shown.Add(plan);
                    break;
            }
        }
        if (askConsent.Count > 0)
        {
            var verdicts = await consent.CheckParticipantsAsync(askConsent.Select(p => (p.PersonIdentityNumber, caller.Organisation!, caller.Id)).ToList(), cancellationToken);
            var roles = await access.ParticipantRolesAsync(verdicts, caller.Organisation!, caller.Id, cancellationToken);
            shown.AddRange(askConsent.Where((_, i) => roles[i] == PlanRole.Participant));
        }
        return shown;
    }

    /// <summary>Active plans of the citizen and their children; of an employee, those they coordinate and those their organisation takes part in.</summary>
    private async Task<List<CarePlan>> CandidatesAsync(Caller caller, CancellationToken cancellationToken)
    {
        switch (caller.Kind)
        {
            case CallerKind.Citizen:
                var people = (await register.ChildrenOfAsync(caller.Id, cancellationToken)).Append(caller.Id).ToList();
                return await db.Plans.AsNoTracking().Where(p => people.Contains(p.PersonIdentityNumber) && p.Status == PlanStatus.Active).ToListAsync(cancellationToken);
            case CallerKind.Employee:
                var coordinated = db.Coordinations.Where(c => c.Appointments.Any(a => a.EmployeeId == caller.Id && a.ReplacedAt == null)).Select(c => c.Id);
                var plans = await db.Plans.AsNoTracking().Where(p => coordinated.Contains(p.CoordinationId) && p.Status == PlanStatus.Active).ToListAsync(cancellationToken);
                if (caller.Organisation is { Length: 9 } org && org.All(char.IsAsciiDigit))
                {
                    var filter = System.Text.Json.JsonSerializer.Serialize(new { participants = new[] { new { organisationNumber = org } } });
                    plans.AddRange(await db.Plans.FromSql($"SELECT * FROM plans WHERE status = 'Active' AND content @> {filter}::jsonb").AsNoTracking().ToListAsync(cancellationToken));
                }
                return plans.DistinctBy(p => p.Id).ToList();
            default:
                throw RpcErrors.PermissionDenied("A calendar belongs to a person, a guardian, a coordinator or a participant.");
        }
    }
}
