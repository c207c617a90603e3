using Koordinering.Application.Data;
using Koordinering.Application.Domain;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Application.Applications;

/// <summary>The deadline filter of a municipality's work queue.</summary>
public enum DeadlineFilter
{
    None,
    Nearing,
    Passed,
}

/// <summary>Reads applications: one, its history, a municipality's work queue and a citizen's own; every person shown is written to their access log.</summary>
public sealed class ApplicationQueries(ApplicationDbContext db, TimeProvider time, IPopulationRegister register, ApplicationAccess access, AuditTrail audit)
{
    public Task<Domain.Application> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken) =>
        access.LoadAsync(caller, id, Reach.Read, tracked: false, cancellationToken);

    public async Task<List<ApplicationHistoryEntry>> HistoryAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var application = await access.LoadAsync(caller, id, Reach.Read, tracked: false, cancellationToken);
        return await db.History.AsNoTracking().Where(h => h.ApplicationId == application.Id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
    }

    public async Task<(List<Domain.Application> Items, string Next)> ListAsync(Caller caller, string municipality, IReadOnlyList<ApplicationStatus> statuses, DeadlineFilter deadline,
        (DateTimeOffset At, Guid Id)? after, int size, CancellationToken cancellationToken)
    {
        access.AuthorizeMunicipalityList(caller, municipality);
        var query = db.Applications.AsNoTracking().Where(a => a.MunicipalityNumber == municipality);
        if (statuses.Count > 0)
        {
            query = query.Where(a => statuses.Contains(a.Status));
        }
        var now = time.GetUtcNow();
        var nearing = now.AddDays(ApplicationLimits.NearingDays);
        query = deadline switch
        {
            DeadlineFilter.Nearing => query.Where(a => (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InAssessment) && a.InterimReplyDue >= now && a.InterimReplyDue <= nearing),
            DeadlineFilter.Passed => query.Where(a => (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InAssessment) && a.InterimReplyDue < now),
            _ => query,
        };
        return await PageAsync(query, after, size, cancellationToken);
    }

    /// <summary>A citizen's own: about them, submitted by them, or about their children.</summary>
    public async Task<(List<Domain.Application> Items, string Next)> MineAsync(Caller caller, (DateTimeOffset At, Guid Id)? after, int size, CancellationToken cancellationToken)
    {
        if (caller.Kind != CallerKind.Citizen)
        {
            throw RpcErrors.PermissionDenied("This list is a citizen's own; caseworkers use ListApplications.");
        }
        audit.Touch(caller.Id, "applications:mine");
        var children = await register.ChildrenOfAsync(caller.Id, cancellationToken);
        var submittedBy = $"{CallerKind.Citizen}:{caller.Id}";
        var query = db.Applications.AsNoTracking().Where(a =>
            a.PersonIdentityNumber == caller.Id || a.SubmittedBy == submittedBy || (a.PersonIdentityNumber != null && children.Contains(a.PersonIdentityNumber)));
        return await PageAsync(query, after, size, cancellationToken);
    }

    private async Task<(List<Domain.Application> Items, string Next)> PageAsync(IQueryable<Domain.Application> query, (DateTimeOffset At, Guid Id)? after, int size, CancellationToken cancellationToken)
    {
        if (after is { } a)
        {
            query = query.Where(x => x.ReceivedAt > a.At || (x.ReceivedAt == a.At && x.Id.CompareTo(a.Id) > 0));
        }
        var items = await query.OrderBy(x => x.ReceivedAt).ThenBy(x => x.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = items.Count > size ? PageToken.Encode(items[size - 1].ReceivedAt, items[size - 1].Id) : "";
        var page = items.Take(size).ToList();
        audit.Disclosed(page, x => x.PersonIdentityNumber, x => $"application:{x.Id}");
        return (page, next);
    }
}
