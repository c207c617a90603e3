using Koordinering.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Koordinering.UnitTests;

/// <summary>The shared resource check: who reaches a record of a person in a municipality.</summary>
public sealed class SubjectAccessTests
{
    private const string Child = "15031150012";
    private const string Parent = "11028012345";
    private const string Stranger = "02068554321";
    private static readonly ServiceScopes Scopes = new("x:read", "x:write");

    private static readonly SubjectAccess Access = new(new Register(), Options.Create(new AccessSettings
    {
        SystemClients = new(StringComparer.Ordinal) { ["991825827"] = ["5001"], ["944444448"] = ["3403", "5001"] },
    }));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Caller Citizen(string id) => new(CallerKind.Citizen, id, null, null, new HashSet<string>(), new HashSet<string>(), "idporten-loa-high");

    private static Caller Employee(string municipality, params string[] roles) => new(CallerKind.Employee, "e-1", "974600951", municipality, roles.ToHashSet(), new HashSet<string>(), null);

    private static Caller System(string organisation, params string[] scopes) => new(CallerKind.System, "client", organisation, null, new HashSet<string>(), scopes.ToHashSet(), null);

    [Theory]
    [InlineData(Child, Reach.Owner)]
    [InlineData(Parent, Reach.Owner)]
    [InlineData(Stranger, Reach.None)]
    public async Task A_citizen_owns_their_own_and_their_childs_records(string citizen, Reach expected) =>
        Assert.Equal(expected, await Access.ReachAsync(Citizen(citizen), Child, "5001", Scopes, Ct));

    [Fact]
    public async Task Other_owners_named_by_the_record_own_it_too() =>
        Assert.Equal(Reach.Owner, await Access.ReachAsync(Citizen(Stranger), Child, "5001", Scopes, Ct, alsoOwners: [Stranger]));

    [Fact]
    public async Task A_record_without_a_person_is_owned_by_nobody_unless_named() =>
        Assert.Equal(Reach.None, await Access.ReachAsync(Citizen(Parent), null, "5001", Scopes, Ct));

    [Theory]
    [InlineData("5001", new[] { "caseworker" }, Reach.Administer)]
    [InlineData("3403", new[] { "caseworker" }, Reach.None)]
    [InlineData("5001", new[] { "coordinator" }, Reach.None)]
    [InlineData("5001", new string[0], Reach.None)]
    public async Task Only_a_caseworker_of_the_records_municipality_administers_it(string municipality, string[] roles, Reach expected) =>
        Assert.Equal(expected, await Access.ReachAsync(Employee(municipality, roles), Child, "5001", Scopes, Ct));

    [Theory]
    [InlineData("991825827", new[] { "x:read" }, "5001", Reach.Read)]
    [InlineData("991825827", new[] { "x:read", "x:write" }, "5001", Reach.Administer)]
    [InlineData("991825827", new[] { "x:read" }, "3403", Reach.None)]
    [InlineData("991825827", new string[0], "5001", Reach.None)]
    [InlineData("944444448", new[] { "x:read" }, "3403", Reach.Read)]
    [InlineData("900000002", new[] { "x:read", "x:write" }, "5001", Reach.None)]
    public async Task A_system_client_reaches_by_scope_only_the_municipalities_it_serves(string organisation, string[] scopes, string municipality, Reach expected) =>
        Assert.Equal(expected, await Access.ReachAsync(System(organisation, scopes), Child, municipality, Scopes, Ct));

    [Fact]
    public async Task A_read_only_service_gives_a_write_scope_no_more_than_read() =>
        Assert.Equal(Reach.Read, await Access.ReachAsync(System("991825827", "x:read", "x:write"), Child, "5001", new ServiceScopes("x:read"), Ct));

    [Fact]
    public async Task A_calling_service_reaches_no_record_through_this_model() =>
        Assert.Equal(Reach.None, await Access.ReachAsync(new Caller(CallerKind.Service, "koordinering-plan", null, null, new HashSet<string>(), new HashSet<string>(), null), Child, "5001", Scopes, Ct));

    [Fact]
    public void Municipalities_served_are_the_caseworkers_own_or_the_system_clients_configured_ones()
    {
        Assert.Equal(["5001"], Access.MunicipalitiesServed(Employee("5001", "caseworker"), "x:read"));
        Assert.Empty(Access.MunicipalitiesServed(Employee("5001", "coordinator"), "x:read"));
        Assert.Equal(["3403", "5001"], Access.MunicipalitiesServed(System("944444448", "x:read"), "x:read"));
        Assert.Empty(Access.MunicipalitiesServed(System("944444448"), "x:read"));
        Assert.Empty(Access.MunicipalitiesServed(Citizen(Child), "x:read"));
        Assert.True(Access.CanReadMunicipality(System("991825827", "x:read"), "5001", "x:read"));
        Assert.False(Access.CanReadMunicipality(System("991825827", "x:read"), "3403", "x:read"));
    }

    private sealed class Register : IPopulationRegister
    {
        public Task<bool> IsGuardianAsync(string guardianIdentityNumber, string childIdentityNumber, CancellationToken cancellationToken) =>
            Task.FromResult(guardianIdentityNumber == Parent && childIdentityNumber == Child);

        public Task<IReadOnlyList<string>> ChildrenOfAsync(string guardianIdentityNumber, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(guardianIdentityNumber == Parent ? [Child] : []);

        public Task<IReadOnlyList<string>> GuardiansOfAsync(string childIdentityNumber, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(childIdentityNumber == Child ? [Parent] : []);
    }
}
