using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Koordinering.Domain;
using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>
/// The one place where what the domain and the database say becomes a status: a broken rule is
/// FailedPrecondition, a change on an old version is Aborted with the current version (ErrorInfo
/// STALE_VERSION, metadata current_version), a concurrent write is Aborted, and a database that
/// cannot be reached is Unavailable (a client may retry; no exception text), so APIs throw and
/// never wrap.
/// </summary>
public sealed partial class DomainErrorInterceptor(ILogger<DomainErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ToStatus(ex, context.Method) is { } status)
        {
            if (status.StatusCode == StatusCode.Unavailable)
            {
                LogDatabaseUnreachable(logger, context.Method, ex.GetType().Name);
            }
            throw status;
        }
    }

    public static RpcException? ToStatus(Exception ex, string method) => ex switch
    {
        RpcException => null, // already a status (the audit trail's, or a service this one called)
        DomainRuleException rule => RpcErrors.FailedPrecondition(rule.Message),
        StaleVersionException stale => new Google.Rpc.Status
        {
            Code = (int)Code.Aborted,
            Message = $"The record was changed by someone else: its current version is {stale.Current}. Reload it and make the change again.",
            Details = { Any.Pack(new ErrorInfo { Reason = "STALE_VERSION", Domain = PackageOf(method), Metadata = { ["current_version"] = stale.Current.ToString(System.Globalization.CultureInfo.InvariantCulture) } }) },
        }.ToRpcException(),
        DbUpdateConcurrencyException => RpcErrors.Aborted("The record changed while this request was handled; read it again and retry."),
        Security.PopulationRegisterUnavailableException => RpcErrors.Unavailable("The population register cannot be reached just now, so access that rests on it is denied; try again shortly."),
        _ when DatabaseFailures.IsUnreachable(ex) => RpcErrors.Unavailable("The service cannot reach its database just now; try again shortly."),
        _ => null,
    };

    /// <summary>"/koordinering.plan.v1.PlanService/UpdatePlan" → "koordinering.plan.v1".</summary>
    private static string PackageOf(string method)
    {
        var service = method.TrimStart('/').Split('/')[0];
        return service.Contains('.', StringComparison.Ordinal) ? service[..service.LastIndexOf('.')] : service;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} answered Unavailable: the database cannot be reached ({Error})")]
    private static partial void LogDatabaseUnreachable(ILogger logger, string method, string error);
}
