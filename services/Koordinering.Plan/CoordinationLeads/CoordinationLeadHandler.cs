using Koordinering.Domain;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Consent;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.CoordinationLeads;

/// <summary>
/// Decides on coordination leads (samordningsansvarlig): who may read and change them, the one active designation
/// per person, the event that tells the family. The person and guardians read; a caseworker of the
/// municipality designates, changes and ends; a system client with the plan read scope reads; a
/// service that takes part reads while the person's consent for participant access names its
/// organisation (asked of the Consent service, failing closed). Anyone else: NotFound.
/// </summary>
public sealed class CoordinationLeadHandler(PlanDbContext db, TimeProvider time, SubjectAccess access, IConsentCheck consent, AuditTrail audit)
{
    private static readonly ServiceScopes Scopes = new(Plans.PlanAccess.ReadScope);

    public async Task<CoordinationLead> DesignateAsync(Caller caller, string municipality, string person, WelfareService lead, LeadContact contact,
        IReadOnlyList<WelfareService> participating, Guid? assessmentId, WrittenStandard writtenStandard, CancellationToken cancellationToken)
    {
        audit.Touch(person, "coordination_lead:new", municipality);
        if (!SubjectAccess.IsCaseworkerOf(caller, municipality))
        {
            throw RpcErrors.PermissionDenied("A lead service is designated by a caseworker of the municipality.");
        }
        var now = time.GetUtcNow();
        var designation = CoordinationLead.Designate(Guid.CreateVersion7(now), municipality, person, lead, contact, participating, assessmentId,
            writtenStandard, caller.Actor, now);
        db.CoordinationLeads.Add(designation);
        db.AddEvent(Event(designation, CoordinationLeadChange.Designated, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_coordination_leads_one_active" })
        {
            throw RpcErrors.AlreadyExists("The person already has an active lead service in the municipality: change it, or end it first.");
        }
        return designation;
    }

    public async Task<CoordinationLead> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var designation = await db.CoordinationLeads.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (designation is null || !await MayReadAsync(caller, designation, cancellationToken))
        {
            throw RpcErrors.NotFound("coordination lead");
        }
        return designation;
    }

    /// <summary>The person's designations the caller may read, newest first.</summary>
    public async Task<List<CoordinationLead>> ListAsync(Caller caller, string person, CancellationToken cancellationToken)
    {
        var all = await db.CoordinationLeads.AsNoTracking().Where(d => d.PersonIdentityNumber == person)
            .OrderByDescending(d => d.DesignatedAt).ToListAsync(cancellationToken);
        var readable = new List<CoordinationLead>();
        foreach (var designation in all)
        {
            if (await MayReadAsync(caller, designation, cancellationToken))
            {
                readable.Add(designation);
            }
        }
        return readable;
    }

    public Task<CoordinationLead> ChangeAsync(Caller caller, Guid id, WelfareService lead, LeadContact contact, IReadOnlyList<WelfareService> participating, CancellationToken cancellationToken) =>
        AdministerAsync(caller, id, CoordinationLeadChange.Changed, (d, now) => d.Change(lead, contact, participating, caller.Actor, now), cancellationToken);

    public Task<CoordinationLead> EndAsync(Caller caller, Guid id, string reason, CancellationToken cancellationToken) =>
        AdministerAsync(caller, id, CoordinationLeadChange.Ended, (d, now) => d.End(reason, caller.Actor, now), cancellationToken);

    private async Task<CoordinationLead> AdministerAsync(Caller caller, Guid id, CoordinationLeadChange change, Action<CoordinationLead, DateTimeOffset> apply, CancellationToken cancellationToken)
    {
        var designation = await db.CoordinationLeads.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (designation is null || !await MayReadAsync(caller, designation, cancellationToken))
        {
            throw RpcErrors.NotFound("coordination lead");
        }
        if (!SubjectAccess.IsCaseworkerOf(caller, designation.MunicipalityNumber))
        {
            throw RpcErrors.PermissionDenied("A lead service is changed or ended by a caseworker of the municipality.");
        }
        var now = time.GetUtcNow();
        apply(designation, now);
        db.AddEvent(Event(designation, change, now));
        await db.SaveChangesAsync(cancellationToken);
        return designation;
    }

    private async Task<bool> MayReadAsync(Caller caller, CoordinationLead designation, CancellationToken cancellationToken)
    {
        audit.Touch(designation.PersonIdentityNumber, $"coordination_lead:{designation.Id}", designation.MunicipalityNumber);
        if (await access.ReachAsync(caller, designation.PersonIdentityNumber, designation.MunicipalityNumber, Scopes, cancellationToken) != Reach.None)
        {
            return true;
        }
        if (caller.Kind != CallerKind.Employee || caller.Organisation is not { } organisation || !designation.Involves(organisation))
        {
            return false;
        }
        var verdict = await consent.CheckAsync(designation.PersonIdentityNumber, ConsentPurpose.ParticipantAccess, organisation, caller.Id, cancellationToken);
        if (verdict.Answer == ConsentAnswer.Unreachable)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, verdict.Reason));
        }
        var revoked = verdict.ConsentId is { } consentId
            && await db.Revocations.AnyAsync(r => r.ConsentId == consentId && r.OrganisationNumber == organisation && (r.PersonId == null || r.PersonId == caller.Id), cancellationToken);
        return verdict.Answer == ConsentAnswer.Allowed && !revoked;
    }

    private static CoordinationLeadChangedV1 Event(CoordinationLead d, CoordinationLeadChange change, DateTimeOffset now) => new EventEnvelope(now, d.MunicipalityNumber, d.Id).Stamp(new CoordinationLeadChangedV1
    {
        CoordinationLeadId = d.Id, PersonIdentityNumber = d.PersonIdentityNumber, Change = change,
        LeadName = d.Lead.Name, LeadUnit = d.Lead.Unit, ContactName = d.Contact.Name, ContactEmail = d.Contact.Email, ContactPhone = d.Contact.Phone,
        ParticipatingServices = d.ParticipatingServices.Select(s => s.Unit is { } unit ? $"{s.Name} ({unit})" : s.Name).ToList(),
        WrittenStandard = d.WrittenStandard,
    });
}
