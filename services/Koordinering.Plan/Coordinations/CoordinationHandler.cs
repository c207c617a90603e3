using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.Plan.Data;
using Koordinering.Plan.Domain;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Coordinations;

/// <summary>Reads a coordination and appoints its coordinator (a caseworker of the municipality does, and the family is told by the event).</summary>
public sealed class CoordinationHandler(PlanDbContext db, TimeProvider time, PlanAccess access)
{
    public async Task<Coordination> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var coordination = await db.Coordinations.AsNoTracking().Include(c => c.Appointments).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (coordination is null || await access.RoleAsync(caller, coordination, plan: null, cancellationToken) == PlanRole.None)
        {
            throw RpcErrors.NotFound("coordination");
        }
        return coordination;
    }

    /// <summary>The appointment's own fields come from the request; its id, time and author are set here.</summary>
    public async Task<Coordination> AppointAsync(Caller caller, Guid id, Func<Guid, DateTimeOffset, CoordinatorAppointment> appointment, CancellationToken cancellationToken)
    {
        var coordination = await db.Coordinations.Include(x => x.Appointments).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (coordination is null || await access.RoleAsync(caller, coordination, plan: null, cancellationToken) < PlanRole.Owner)
        {
            throw RpcErrors.NotFound("coordination");
        }
        if (!SubjectAccess.IsCaseworkerOf(caller, coordination.MunicipalityNumber))
        {
            throw RpcErrors.PermissionDenied("Coordinators are appointed by a caseworker of the municipality.");
        }
        var now = time.GetUtcNow();
        var (appointed, replacement) = coordination.Appoint(appointment(Guid.CreateVersion7(now), now));
        db.AddEvent(new EventEnvelope(now, coordination.MunicipalityNumber, coordination.Id).Stamp(new CoordinatorAppointedV1
        {
            CoordinationId = coordination.Id,
            PersonIdentityNumber = coordination.PersonIdentityNumber,
            ChildCoordinator = appointed.ChildCoordinator,
            CoordinatorEmployeeId = appointed.EmployeeId,
            CoordinatorName = appointed.Name,
            CoordinatorEmail = appointed.Email,
            CoordinatorPhone = appointed.Phone,
            CoordinatorOrganisation = appointed.OrganisationName ?? appointed.OrganisationNumber,
            Replacement = replacement,
        }));
        await db.SaveChangesAsync(cancellationToken);
        return coordination;
    }
}
