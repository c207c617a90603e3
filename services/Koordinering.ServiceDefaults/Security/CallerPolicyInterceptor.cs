using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Koordinering.ServiceDefaults.Grpc;
using Microsoft.Extensions.Options;

namespace Koordinering.ServiceDefaults.Security;

/// <summary>The <c>CallerPolicy</c> section.</summary>
public sealed class CallerPolicyOptions
{
    public const string Section = "CallerPolicy";

    /// <summary>The ID-porten level a citizen needs for health data.</summary>
    public string RequiredCitizenAssurance { get; set; } = "idporten-loa-high";

    /// <summary>Per caller: the burst it may make, and how many calls a second refill it.</summary>
    public int RateLimitBurst { get; set; } = 2000;
    public int RateLimitPerSecond { get; set; } = 1000;
}

/// <summary>
/// Applied to every RPC before the service's own checks: the caller's kind must be one the RPC
/// declares (<see cref="RpcPolicies"/>, deny by default); a citizen below the required assurance
/// level gets PermissionDenied saying why, and each caller (by kind and id) is rate limited,
/// answering ResourceExhausted. The buckets are one partitioned limiter: one timer refills them all, and a
/// caller's bucket is dropped once it has been full (idle) for a while, so a municipality's many citizens do not
/// leave a bucket and a timer each behind for the life of the process.
/// </summary>
public sealed class CallerPolicyInterceptor : Interceptor, IDisposable
{
    private readonly CallerPolicyOptions _settings;
    private readonly PartitionedRateLimiter<Caller> _limiter;

    public CallerPolicyInterceptor(IOptions<CallerPolicyOptions> options)
    {
        _settings = options.Value;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = _settings.RateLimitBurst,
            TokensPerPeriod = _settings.RateLimitPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        };
        _limiter = PartitionedRateLimiter.Create<Caller, (CallerKind, string)>(caller => RateLimitPartition.GetTokenBucketLimiter((caller.Kind, caller.Id), _ => bucket));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return; // health and reflection; everything else requires authentication before it gets here
        }
        var caller = context.Caller();
        var method = context.Method.TrimStart('/');
        if (!RpcPolicies.ByMethod.TryGetValue(method, out var allowed) || (allowed & RpcPolicies.For(caller.Kind)) == Callers.None)
        {
            throw RpcErrors.PermissionDenied($"A {caller.Kind.ToString().ToLowerInvariant()} caller may not call {method}.");
        }
        if (caller.Kind == CallerKind.Citizen && caller.AssuranceLevel != _settings.RequiredCitizenAssurance)
        {
            throw RpcErrors.PermissionDenied($"Health data needs a login at level '{_settings.RequiredCitizenAssurance}'; this login is at '{caller.AssuranceLevel ?? "unknown"}'. Log in again with a higher level.");
        }
        using var lease = _limiter.AttemptAcquire(caller);
        if (!lease.IsAcquired)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "Too many calls from this caller; slow down and retry shortly."));
        }
    }

    public void Dispose() => _limiter.Dispose();
}
