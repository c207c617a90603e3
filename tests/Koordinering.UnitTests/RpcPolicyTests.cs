using Google.Protobuf.Reflection;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.UnitTests;

public sealed class RpcPolicyTests
{
    /// <summary>Every proto file the contracts compile: a new service file is covered without being listed here.</summary>
    private static readonly FileDescriptor[] Apis = [.. typeof(Koordinering.Plan.V1.PlanService).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.Namespace?.StartsWith("Koordinering.", StringComparison.Ordinal) == true)
        .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)];

    private static IEnumerable<string> AllRpcs() =>
        Apis.SelectMany(f => f.Services).SelectMany(s => s.Methods.Select(m => $"{s.FullName}/{m.Name}"));

    [Fact]
    public void Every_rpc_of_every_service_has_a_declared_policy()
    {
        var missing = AllRpcs().Where(rpc => !RpcPolicies.ByMethod.ContainsKey(rpc)).ToList();
        Assert.True(missing.Count == 0, "No declared policy for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_declared_policy_names_an_rpc_that_exists()
    {
        var rpcs = AllRpcs().Append("grpc.health.v1.Health/Check").Append("grpc.health.v1.Health/Watch").ToHashSet();
        Assert.DoesNotContain(RpcPolicies.ByMethod.Keys, k => !rpcs.Contains(k));
    }

    [Fact]
    public void Only_the_consent_check_is_open_to_other_services_and_no_rpc_is_open_to_nobody()
    {
        Assert.Equal(["koordinering.consent.v1.ConsentService/CheckConsent"],
            RpcPolicies.ByMethod.Where(p => p.Value.HasFlag(Callers.Service) && !p.Key.StartsWith("grpc.health", StringComparison.Ordinal)).Select(p => p.Key));
        Assert.DoesNotContain(RpcPolicies.ByMethod.Values, v => v == Callers.None);
    }
}
