using Grpc.AspNetCore.Server;
using Koordinering.ServiceDefaults.Gateway;
using Koordinering.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Koordinering.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Koordinering.ServiceDefaults;

/// <summary>
/// What every Koordinering service has: telemetry, health, gRPC with reflection, bearer
/// authentication that denies by default. Endpoints come from the standard
/// <c>Kestrel:Endpoints</c> configuration (a cleartext HTTP/2 one for gRPC, an HTTP/1.1 one
/// for health and pub/sub deliveries, and a <c>Gateway</c> one, HTTP/1.1 and HTTP/2, for the
/// citizens' gateway's JSON routes).
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.AddBearerAuthentication();
        builder.AddPopulationRegister();
        builder.Services.Configure<AccessSettings>(builder.Configuration.GetSection(AccessSettings.Section));
        builder.Services.AddSingleton<SubjectAccess>();

        builder.Services.Configure<GrpcServiceOptions>(options =>
        {
            // No status carries an exception's text, in Development either: it can hold personal data.
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = builder.Configuration.GetValue("Grpc:MaxReceiveMessageSize", InputLimits.MaxRequestBytes);
        });
        builder.Services.Configure<CallerPolicyOptions>(builder.Configuration.GetSection(CallerPolicyOptions.Section));
        builder.Services.AddSingleton<CallerPolicyInterceptor>();
        builder.Services.AddSingleton<InputLimitsInterceptor>();
        builder.Services.AddSingleton<DomainErrorInterceptor>();
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<CallerPolicyInterceptor>();
            options.Interceptors.Add<InputLimitsInterceptor>();
            options.Interceptors.Add<DomainErrorInterceptor>();
        }).AddGateway(builder.Configuration);
        builder.Services.AddGrpcReflection();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        // The same ceiling on plain HTTP as gRPC's message limit (which answers ResourceExhausted for gRPC calls).
        app.Use((http, next) =>
        {
            if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true
                && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = InputLimits.MaxRequestBytes;
            }
            return next(http);
        });
        app.UseGateway();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = _ => true })
            .AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapGatewayDocument();
        if (app.Services.GetService<Data.ServiceDatabaseRegistration>() is not null)
        {
            app.MapGrpcService<Audit.AccessLogApi>();
        }
        return app;
    }
}
