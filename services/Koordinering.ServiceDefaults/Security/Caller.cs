using System.Security.Claims;

namespace Koordinering.ServiceDefaults.Security;

public enum CallerKind
{
    Unknown = 0,
    Citizen,
    Employee,
    System,
    Service,
}

/// <summary>
/// Who is calling, read from the validated token. Claim names: <c>actor_kind</c>
/// (citizen, employee, system, service); citizens carry <c>pid</c> and <c>acr</c>; employees
/// <c>sub</c>, <c>org</c>, <c>municipality</c> and <c>roles</c>; system clients <c>client_id</c>,
/// <c>org</c> and <c>scope</c>. The identity number stays here and is never logged.
/// </summary>
public sealed record Caller(
    CallerKind Kind,
    string Id,
    string? Organisation,
    string? MunicipalityNumber,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Scopes,
    string? AssuranceLevel)
{
    public static Caller From(ClaimsPrincipal principal)
    {
        var kind = principal.FindFirstValue("actor_kind") switch
        {
            "citizen" => CallerKind.Citizen,
            "employee" => CallerKind.Employee,
            "system" => CallerKind.System,
            "service" => CallerKind.Service,
            _ => CallerKind.Unknown,
        };
        var id = kind switch
        {
            CallerKind.Citizen => principal.FindFirstValue("pid"),
            CallerKind.System => principal.FindFirstValue("client_id"),
            _ => principal.FindFirstValue("sub"),
        } ?? "";
        return new Caller(
            kind,
            id,
            principal.FindFirstValue("org"),
            principal.FindFirstValue("municipality"),
            Split(principal, "roles"),
            Split(principal, "scope"),
            principal.FindFirstValue("acr"));
    }

    /// <summary>
    /// How a change by this caller is credited in histories, the one format everywhere:
    /// <c>citizen</c> (who exactly is in the audit record), else <c>kind:id</c> in lower case,
    /// e.g. <c>employee:k-1</c>, <c>system:client-1</c>, <c>service:koordinering-plan</c>.
    /// Changes made by events are credited as <c>event:&lt;producer&gt;/&lt;event id&gt;</c>.
    /// </summary>
    public string Actor => Kind == CallerKind.Citizen ? "citizen" : $"{Kind}:{Id}".ToLowerInvariant();

    /// <summary>Operators of the platform: the employee role <c>operator</c> or the system scope <c>koordinering:operations</c>.</summary>
    public bool IsOperator => Kind switch
    {
        CallerKind.Employee => Roles.Contains("operator"),
        CallerKind.System => Scopes.Contains("koordinering:operations"),
        _ => false,
    };

    private static HashSet<string> Split(ClaimsPrincipal principal, string type) =>
        principal.FindAll(type)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
}
