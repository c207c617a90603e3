using Koordinering.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Plan.Consent;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Plans;

/// <summary>
/// Who may do what with a coordination, a plan and its meetings. The person and their guardians read
/// and propose; the appointed coordinator edits; a caseworker of the municipality reads and administers;
/// a participant from another organisation reads only while the person's consent for participant access
/// names them (asked of the Consent service, failing closed). Anyone else: NotFound.
/// </summary>
public sealed class PlanAccess(PlanDbContext db, SubjectAccess access, IConsentCheck consent, AuditTrail audit)
{
    public const string ReadScope = "koordinering:plan.read";
    private static readonly ServiceScopes Scopes = new(ReadScope);

    public async Task<PlanRole> RoleAsync(Caller caller, Coordination coordination, CarePlan? plan, CancellationToken cancellationToken)
    {
        if (await RoleBeforeConsentAsync(caller, coordination, plan, cancellationToken) is { } role)
        {
            return role;
        }
        var verdict = await consent.CheckAsync(coordination.PersonIdentityNumber, ConsentPurpose.ParticipantAccess, caller.Organisation, caller.Id, cancellationToken);
        return await ParticipantRoleAsync(verdict, caller.Organisation!, caller.Id, cancellationToken);
    }

    /// <summary>The caller's role as far as it is known without the Consent service; null when the caller's organisation takes part in the plan and only the person's consent can let them read it.</summary>
    public async Task<PlanRole?> RoleBeforeConsentAsync(Caller caller, Coordination coordination, CarePlan? plan, CancellationToken cancellationToken)
    {
        audit.Touch(coordination.PersonIdentityNumber, plan is null ? $"coordination:{coordination.Id}" : $"plan:{plan.Id}", coordination.MunicipalityNumber);
        // The appointed coordinator is one employee of one organisation: an equal employee id elsewhere is someone else.
        if (caller.Kind == CallerKind.Employee && coordination.Current is { } current && current.EmployeeId == caller.Id && current.OrganisationNumber == caller.Organisation)
        {
            return PlanRole.Coordinator;
        }
        var reach = await access.ReachAsync(caller, coordination.PersonIdentityNumber, coordination.MunicipalityNumber, Scopes, cancellationToken);
        if (reach != Reach.None)
        {
            return reach switch
            {
                Reach.Administer => PlanRole.Caseworker,
                Reach.Owner => PlanRole.Owner,
                _ => PlanRole.Participant,
            };
        }
        return caller.Kind == CallerKind.Employee && plan is not null && caller.Organisation is { } org && plan.Content.Participants.Any(p => p.OrganisationNumber == org)
            ? null
            : PlanRole.None;
    }

    /// <summary>A participant reads while the consent allows it and no withdrawal seen here named them.</summary>
    public async Task<PlanRole> ParticipantRoleAsync(ConsentVerdict verdict, string organisation, string personId, CancellationToken cancellationToken) =>
        (await ParticipantRolesAsync([verdict], organisation, personId, cancellationToken))[0];

    /// <summary>The same for several consents of one participant, with one query for the withdrawals seen here.</summary>
    public async Task<IReadOnlyList<PlanRole>> ParticipantRolesAsync(IReadOnlyList<ConsentVerdict> verdicts, string organisation, string personId, CancellationToken cancellationToken)
    {
        if (verdicts.FirstOrDefault(v => v.Answer == ConsentAnswer.Unreachable) is { } unreachable)
        {
            throw RpcErrors.Unavailable(unreachable.Reason);
        }
        var consentIds = verdicts.Where(v => v.Answer == ConsentAnswer.Allowed && v.ConsentId is not null).Select(v => v.ConsentId!.Value).Distinct().ToList();
        var revoked = consentIds.Count == 0 ? []
            : (await db.Revocations.AsNoTracking()
                .Where(r => consentIds.Contains(r.ConsentId) && r.OrganisationNumber == organisation && (r.PersonId == null || r.PersonId == personId))
                .Select(r => r.ConsentId).ToListAsync(cancellationToken)).ToHashSet();
        return verdicts.Select(v => v.Answer == ConsentAnswer.Allowed && v.ConsentId is { } id && !revoked.Contains(id) ? PlanRole.Participant : PlanRole.None).ToList();
    }

    /// <summary>A coordination the caller may change a plan of (coordinator or caseworker); NotFound for those who may not see it.</summary>
    public async Task<Coordination> CoordinationForChangeAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var coordination = await db.Coordinations.Include(x => x.Appointments).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        var role = coordination is null ? PlanRole.None : await RoleAsync(caller, coordination, plan: null, cancellationToken);
        if (coordination is null || role < PlanRole.Owner)
        {
            throw RpcErrors.NotFound("coordination");
        }
        if (role < PlanRole.Caseworker)
        {
            throw RpcErrors.PermissionDenied("A plan is created by the coordinator or a caseworker of the municipality.");
        }
        return coordination;
    }

    /// <summary>A plan with its coordination, if the caller has the role needed; NotFound for those who may not see it.</summary>
    public async Task<(CarePlan Plan, Coordination Coordination)> PlanAsync(Caller caller, Guid id, PlanRole needed, bool tracked, CancellationToken cancellationToken)
    {
        var plan = await (tracked ? db.Plans : db.Plans.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        var coordination = plan is null ? null
            : await db.Coordinations.AsNoTracking().Include(c => c.Appointments).FirstAsync(c => c.Id == plan.CoordinationId, cancellationToken);
        var role = coordination is null ? PlanRole.None : await RoleAsync(caller, coordination, plan, cancellationToken);
        if (plan is null || coordination is null || role == PlanRole.None)
        {
            throw RpcErrors.NotFound("plan");
        }
        if (!Allows(role, needed))
        {
            throw RpcErrors.PermissionDenied(needed switch
            {
                PlanRole.Coordinator => "Only the person's coordinator edits the plan; the person and their guardians may propose changes.",
                PlanRole.Caseworker => "Only a caseworker of the municipality or the coordinator may do this.",
                _ => "Participants may read the plan, not change it.",
            });
        }
        return (plan, coordination);
    }

    /// <summary>The coordinator edits; a caseworker or the coordinator administers; otherwise the more reach the more is allowed.</summary>
    public static bool Allows(PlanRole role, PlanRole needed) => needed switch
    {
        PlanRole.Coordinator => role == PlanRole.Coordinator,
        PlanRole.Caseworker => role is PlanRole.Caseworker or PlanRole.Coordinator,
        _ => role >= needed,
    };
}
