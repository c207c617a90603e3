using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Koordinering.ServiceDefaults.Data;

/// <summary>Which DbContext is this service's own database.</summary>
public sealed record ServiceDatabaseRegistration(Type ContextType);

public static partial class ServiceDatabase
{
    /// <summary>
    /// Registers the service's own database from <c>ConnectionStrings:Database</c>. A password
    /// kept in a secret file (<c>Database:PasswordFile</c>) is read into the connection string,
    /// so it never has to sit in configuration or the repository.
    /// </summary>
    public static WebApplicationBuilder AddServiceDatabase<TContext>(this WebApplicationBuilder builder)
        where TContext : DbContext
    {
        var connectionString = ConnectionString(builder.Configuration);
        // Interceptors registered by other building blocks (the outbox signal) join every context.
        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()));
        builder.Services.AddSingleton(new ServiceDatabaseRegistration(typeof(TContext)));
        // Every read or write of personal data leaves an audit record in this database.
        builder.Services.AddScoped<Audit.AuditTrail>();
        builder.Services.AddSingleton<Audit.AuditWriter>();
        builder.Services.AddSingleton<Audit.AuditInterceptor>();
        builder.Services.Configure<global::Grpc.AspNetCore.Server.GrpcServiceOptions>(o => o.Interceptors.Add<Audit.AuditInterceptor>());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck<TContext>>("database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    public static string ConnectionString(IConfiguration configuration)
    {
        var csb = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Database")
            ?? throw new InvalidOperationException("ConnectionStrings:Database is not configured."));
        var passwordFile = configuration["Database:PasswordFile"];
        if (!string.IsNullOrWhiteSpace(passwordFile))
        {
            csb.Password = File.ReadAllText(passwordFile).Trim();
        }
        // Unless the connection string says otherwise: statements used twice are prepared on their
        // connection, so PostgreSQL parses and plans each hot statement once (ADR 9), and a pooled
        // connection is not reset on return (nothing here keeps session state: every lock is
        // transaction-scoped), which would also throw those prepared statements away.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configuration.GetConnectionString("Database") }
            .Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!given.Contains("MAXAUTOPREPARE"))
        {
            csb.MaxAutoPrepare = 64;
            csb.AutoPrepareMinUsages = 2;
        }
        if (!given.Contains("NORESETONCLOSE"))
        {
            csb.NoResetOnClose = true;
        }
        return csb.ConnectionString;
    }

    /// <summary>
    /// Runs the service, or with the argument <c>migrate</c> applies its migrations and exits.
    /// Migrating is a step of its own (a Helm hook Job, <c>tools/up</c>), never a side effect of start-up.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app, string[] args)
    {
        if (!args.Contains("migrate", StringComparer.Ordinal))
        {
            await app.RunAsync();
            return 0;
        }

        var registration = app.Services.GetRequiredService<ServiceDatabaseRegistration>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        LogMigrated(app.Logger, pending.Count, registration.ContextType.Name);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s) to the {Context} database")]
    private static partial void LogMigrated(ILogger logger, int count, string context);
}

/// <summary>Ready when the database answers and every migration has been applied.</summary>
internal sealed class DatabaseReadyCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
            return pending.Any()
                ? HealthCheckResult.Unhealthy("Migrations are pending: run the service with the argument 'migrate'.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
