using Grpc.Core;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.UnitTests;

/// <summary>One actor format for every history, and one mapping from domain errors to statuses.</summary>
public sealed class CallerActorTests
{
    private static Caller Of(CallerKind kind, string id) => new(kind, id, "974600951", "0301", new HashSet<string>(), new HashSet<string>(), null);

    [Fact]
    public void An_employee_is_credited_by_kind_and_id_in_lower_case_whatever_the_token_says() =>
        Assert.Equal("employee:k-1", Of(CallerKind.Employee, "K-1").Actor);

    [Fact]
    public void A_citizen_is_credited_as_a_citizen_and_identified_in_the_audit_record_only() =>
        Assert.Equal("citizen", Of(CallerKind.Citizen, "15076500565").Actor);

    [Fact]
    public void A_system_client_is_credited_by_its_client_id() =>
        Assert.Equal("system:case-system", Of(CallerKind.System, "Case-System").Actor);

    [Fact]
    public void A_broken_domain_rule_is_a_failed_precondition() =>
        Assert.Equal(StatusCode.FailedPrecondition, DomainErrorInterceptor.ToStatus(new Plan.Domain.PlanRuleException("The plan is closed."), "/koordinering.plan.v1.PlanService/UpdatePlan")!.StatusCode);

    [Fact]
    public void A_stale_version_is_aborted_with_the_current_version_for_the_service_package()
    {
        var status = DomainErrorInterceptor.ToStatus(new Domain.StaleVersionException(3), "/koordinering.plan.v1.PlanService/UpdatePlan")!;
        var info = status.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>();
        Assert.Equal((StatusCode.Aborted, "STALE_VERSION", "koordinering.plan.v1", "3"), (status.StatusCode, info.Reason, info.Domain, info.Metadata["current_version"]));
    }

    [Fact]
    public void Any_other_exception_is_left_alone() =>
        Assert.Null(DomainErrorInterceptor.ToStatus(new InvalidOperationException("x"), "/a.B/C"));
}
