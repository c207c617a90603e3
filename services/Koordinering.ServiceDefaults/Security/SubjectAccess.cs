using Microsoft.Extensions.Options;

namespace Koordinering.ServiceDefaults.Security;

/// <summary>How far a caller reaches into one record about a person; each step includes the ones before it.</summary>
public enum Reach
{
    /// <summary>Nothing: the record answers NotFound, so its existence does not leak.</summary>
    None = 0,

    /// <summary>A system client with the service's read scope, for a municipality it serves.</summary>
    Read = 1,

    /// <summary>The person, or their guardian per the population register: read, and act as the person (withdraw, appeal, propose).</summary>
    Owner = 2,

    /// <summary>A caseworker of the record's municipality, or a system client with the write scope for it.</summary>
    Administer = 3,
}

/// <summary>The scopes a system client needs at a service to read and to administer its records.</summary>
public sealed record ServiceScopes(string Read, string? Write = null);

/// <summary>
/// Which municipalities each system client (by its organisation number) serves. A system client
/// reaches records only in these, whatever scopes its token carries: one platform may serve
/// several municipalities, and a scope alone does not say for whom.
/// </summary>
public sealed class AccessSettings
{
    public const string Section = "Access";

    /// <summary>Organisation number → the municipality numbers it serves, e.g. <c>Access:SystemClients:991825827:0 = 5001</c>.</summary>
    public Dictionary<string, string[]> SystemClients { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The second half of the one authorization model (the first is <see cref="RpcPolicies"/>): the
/// resource check, written once for every service. A record belongs to a person and a municipality;
/// the person and their guardians own it, the municipality's caseworkers administer it, system
/// clients read or administer it by scope for the municipalities they serve, and anyone else does
/// not see it at all. Services add only what is theirs (the Plan service's coordinator and
/// participants under consent).
/// </summary>
public sealed class SubjectAccess(IPopulationRegister register, IOptions<AccessSettings> settings)
{
    /// <summary>The caller's reach over a record of <paramref name="person"/> in <paramref name="municipality"/>.</summary>
    /// <param name="alsoOwners">Citizens who own the record besides the person (who submitted it, an expected child's parents).</param>
    public async ValueTask<Reach> ReachAsync(Caller caller, string? person, string municipality, ServiceScopes scopes, CancellationToken cancellationToken, IEnumerable<string>? alsoOwners = null)
    {
        switch (caller.Kind)
        {
            case CallerKind.Employee:
                return IsCaseworkerOf(caller, municipality) ? Reach.Administer : Reach.None;
            case CallerKind.System when ServesAsSystem(caller, municipality):
                return scopes.Write is { } write && caller.Scopes.Contains(write) ? Reach.Administer
                    : caller.Scopes.Contains(scopes.Read) ? Reach.Read
                    : Reach.None;
            case CallerKind.Citizen:
                var owns = (alsoOwners?.Contains(caller.Id, StringComparer.Ordinal) ?? false) || await IsOwnerAsync(caller, person, cancellationToken);
                return owns ? Reach.Owner : Reach.None;
            default:
                return Reach.None;
        }
    }

    /// <summary>Whether the caller is the person or, per the population register, their guardian.</summary>
    public async ValueTask<bool> IsOwnerAsync(Caller caller, string? person, CancellationToken cancellationToken) =>
        caller.Kind == CallerKind.Citizen && person is not null
        && (caller.Id == person || await register.IsGuardianAsync(caller.Id, person, cancellationToken));

    /// <summary>The municipalities whose records the caller may list as an institution: a caseworker's own, a system client's served ones (with the scope).</summary>
    public IReadOnlyCollection<string> MunicipalitiesServed(Caller caller, string scope) => caller.Kind switch
    {
        CallerKind.Employee when caller.Roles.Contains("caseworker") && caller.MunicipalityNumber is { } m => [m],
        CallerKind.System when caller.Scopes.Contains(scope) && caller.Organisation is { } org
            && settings.Value.SystemClients.TryGetValue(org, out var served) => served,
        _ => [],
    };

    /// <summary>Whether the caller may read the records of a whole municipality (lists, work queues).</summary>
    public bool CanReadMunicipality(Caller caller, string municipality, string readScope) =>
        MunicipalitiesServed(caller, readScope).Contains(municipality, StringComparer.Ordinal);

    /// <summary>The municipalities an operator runs the platform for: an operator employee's own, a system client's served ones (with the operations scope).</summary>
    public IReadOnlyCollection<string> MunicipalitiesOperated(Caller caller) => caller.Kind switch
    {
        CallerKind.Employee when caller.IsOperator && caller.MunicipalityNumber is { } m => [m],
        CallerKind.System when caller.IsOperator && caller.Organisation is { } org && settings.Value.SystemClients.TryGetValue(org, out var served) => served,
        _ => [],
    };

    public bool OperatesIn(Caller caller, string municipality) => MunicipalitiesOperated(caller).Contains(municipality, StringComparer.Ordinal);

    public static bool IsCaseworkerOf(Caller caller, string municipality) =>
        caller.Kind == CallerKind.Employee && caller.MunicipalityNumber == municipality && caller.Roles.Contains("caseworker");

    private bool ServesAsSystem(Caller caller, string municipality) =>
        caller.Organisation is { } org && settings.Value.SystemClients.TryGetValue(org, out var served)
        && served.Contains(municipality, StringComparer.Ordinal);
}
