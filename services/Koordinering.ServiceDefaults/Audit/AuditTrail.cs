using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koordinering.ServiceDefaults.Audit;

/// <summary>
/// The audit record of the current call. An API names whose data it touches
/// (<see cref="Touch"/>) before it decides whether the caller may; the record then rides on the
/// request's unit of work, so a write stores it in the same transaction. Whatever the call did not
/// save (a read, a denial, a failure) is stored when the call ends, with the outcome, by the
/// <see cref="AuditWriter"/>, which commits the records of concurrent calls together.
/// </summary>
public sealed class AuditTrail(IServiceProvider services, ServiceDatabaseRegistration database, AuditWriter writer, TimeProvider time)
{
    private AuditRecord? _pending;
    private DbContext? _db;
    private readonly List<AuditRecord> _disclosed = [];

    public string? Action { get; set; }
    public Caller? Caller { get; set; }

    public void Touch(string? subject, string resource, string? municipality = null, string purpose = "case_handling")
    {
        if (_pending is not null || Caller is null)
        {
            return;
        }
        // Only well-formed values are kept: a request's raw text never reaches the audit table.
        subject = subject is { Length: 11 } && subject.All(char.IsAsciiDigit) ? subject : null;
        municipality = municipality is { Length: 4 } && municipality.All(char.IsAsciiDigit) ? municipality : null;
        resource = Bounded(resource);
        _db = (DbContext)services.GetRequiredService(database.ContextType);
        _pending = new AuditRecord
        {
            At = time.GetUtcNow(),
            ActorKind = Caller.Kind.ToString().ToLowerInvariant(),
            // A citizen is recorded by identity number too: one snooping on another's data is identifiable.
            ActorId = Caller.Id,
            ActorOrganisation = Caller.Organisation,
            OnBehalfOf = Caller.Kind == CallerKind.Citizen ? (Caller.Id == subject ? "self" : "guardian") : null,
            SubjectIdentityNumber = subject,
            MunicipalityNumber = municipality,
            Action = Action ?? "unknown",
            Resource = resource,
            Purpose = purpose,
            TraceId = Activity.Current?.TraceId.ToString(),
            Allowed = true,
        };
        _db.Set<AuditRecord>().Add(_pending);
    }

    /// <summary>
    /// A list answered with records of several people: one more record per person in it, so each
    /// of them sees this access in their own access log (the call's own record names the list).
    /// </summary>
    public void Disclosed<T>(IEnumerable<T> rows, Func<T, string?> subject, Func<T, string> resource)
    {
        if (_pending is null)
        {
            return;
        }
        foreach (var row in rows)
        {
            if (subject(row) is { Length: 11 } person && person.All(char.IsAsciiDigit) && person != _pending.SubjectIdentityNumber)
            {
                _disclosed.Add(new AuditRecord
                {
                    At = _pending.At, ActorKind = _pending.ActorKind, ActorId = _pending.ActorId, ActorOrganisation = _pending.ActorOrganisation,
                    OnBehalfOf = Caller?.Kind == CallerKind.Citizen ? (Caller.Id == person ? "self" : "guardian") : null,
                    SubjectIdentityNumber = person, MunicipalityNumber = _pending.MunicipalityNumber, Action = _pending.Action,
                    Resource = Bounded(resource(row)), Purpose = _pending.Purpose, TraceId = _pending.TraceId, Allowed = true,
                });
            }
        }
    }

    /// <summary>Stores the record if the call's own save did not, with whether the call was allowed.</summary>
    public async Task CompleteAsync(bool allowed, CancellationToken cancellationToken)
    {
        if (_pending is null || _db is null)
        {
            return;
        }
        var entry = _db.Entry(_pending);
        var disclosed = allowed ? _disclosed : [];
        if (entry.State != EntityState.Added && disclosed.Count == 0)
        {
            return; // saved with the write, in its transaction
        }
        var records = new List<AuditRecord>(disclosed);
        if (entry.State == EntityState.Added)
        {
            entry.State = EntityState.Detached;
            _pending.Allowed = allowed;
            records.Insert(0, _pending);
        }
        await writer.WriteAsync(records).WaitAsync(cancellationToken);
    }

    private static string Bounded(string resource) => resource.Length <= 200 ? resource : resource[..200];
}

/// <summary>Opens the audit trail of every call and closes it with the outcome.</summary>
public sealed class AuditInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        var trail = http.RequestServices.GetService<AuditTrail>();
        if (trail is null || http.User.Identity?.IsAuthenticated != true)
        {
            return await continuation(request, context);
        }
        trail.Action = context.Method.TrimStart('/');
        trail.Caller = http.Caller();
        TResponse response;
        try
        {
            response = await continuation(request, context);
        }
        catch (RpcException ex)
        {
            await CompleteAsync(trail, allowed: ex.StatusCode is not (StatusCode.PermissionDenied or StatusCode.NotFound or StatusCode.Unauthenticated));
            throw;
        }
        catch (Exception)
        {
            // A rule or a concurrent write refused the change after access was granted: the access stands.
            await CompleteAsync(trail, allowed: true);
            throw;
        }
        await CompleteAsync(trail, allowed: true);
        return response;
    }

    /// <summary>An access that cannot be recorded is not answered.</summary>
    private static async Task CompleteAsync(AuditTrail trail, bool allowed)
    {
        try
        {
            await trail.CompleteAsync(allowed, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The access could not be recorded in the audit log; try again."));
        }
    }
}
