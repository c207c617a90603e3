using System.Diagnostics;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// A service on its own new database: provisioned as tools/up does, migrated by the service's
/// own <c>migrate</c> mode in a child process, then started on real sockets.
/// </summary>
public sealed class ServiceFixture<TEntryPoint, TContext> : IAsyncLifetime
    where TEntryPoint : class
    where TContext : DbContext
{
    public TestTokens Tokens { get; } = new();
    public string ConnectionString { get; private set; } = "";
    public ServiceHost<TEntryPoint> Host { get; private set; } = null!;
    public int MigrateExitCode { get; private set; }
    public string MigrateOutput { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await TestPostgres.ProvisionAsync(typeof(TContext).Name.Replace("DbContext", "", StringComparison.Ordinal).ToLowerInvariant());
        (MigrateExitCode, MigrateOutput) = await RunMigrateModeAsync(ConnectionString);
        Host = new ServiceHost<TEntryPoint>(ConnectionString, Tokens).Start();
    }

    /// <summary>A DbContext of the running service, in a scope of its own.</summary>
    public async Task WithDbAsync(Func<TContext, Task> action)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    /// <summary>Runs the built service with the argument <c>migrate</c>, as tools/up and the Helm hook do.</summary>
    public static async Task<(int ExitCode, string Output)> RunMigrateModeAsync(string connectionString)
    {
        var assembly = typeof(TEntryPoint).Assembly;
        var name = assembly.GetName().Name!;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dir = Path.Combine(TestPostgres.RepoRoot, "services", name, "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(dir, name + ".dll"), "migrate"])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Database"] = connectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        Tokens.Dispose();
    }
}
