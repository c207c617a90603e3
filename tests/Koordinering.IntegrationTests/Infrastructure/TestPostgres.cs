using System.Diagnostics;
using Npgsql;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// The real PostgreSQL server the tests run against, named by <c>KOORDINERING_TEST_PG</c>
/// (a superuser connection string; <c>tools/test</c> starts a throwaway server and sets it).
/// Databases are provisioned by the same <c>tools/db/provision</c> that <c>tools/up</c> runs.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "KOORDINERING_TEST_PG";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable)
        ?? throw new InvalidOperationException($"{Variable} is not set: run the tests with tools/test, or set it to a PostgreSQL superuser connection string.");

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Creates a fresh database and its own login role; returns the role's connection string.</summary>
    public static async Task<string> ProvisionAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(passwordFile, password);
        try
        {
            var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
            var start = new ProcessStartInfo(Path.Combine(RepoRoot, "tools", "db", "provision"), [name, name, passwordFile])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            start.Environment["PGHOST"] = admin.Host;
            start.Environment["PGPORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGUSER"] = admin.Username;
            start.Environment["PGPASSWORD"] = admin.Password ?? "";
            using var process = Process.Start(start)!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"tools/db/provision failed: {stderr}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Username = name,
            Password = password,
        }.ConnectionString;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Koordinering.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Koordinering.sln not found above the test binaries.");
    }
}
