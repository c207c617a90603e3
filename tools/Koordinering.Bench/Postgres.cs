using System.Diagnostics;
using System.Globalization;
using Koordinering.LoadKit;

namespace Koordinering.Bench;

/// <summary>pgbench's figures at one client count: transactions per second and per-transaction latency percentiles (from its log).</summary>
internal sealed record PgbenchResult(int Clients, double Tps, double P50Ms, double P99Ms, long Transactions);

/// <summary>psql and pgbench against the platform's PostgreSQL, as its superuser (the password tools/up keeps in .local/pg).</summary>
internal sealed class Postgres(BenchOptions options)
{
    private readonly string _password = File.ReadAllText(Path.Combine(options.Local, "pg", "admin.password")).Trim();

    /// <summary>Runs SQL (a file, so lists of thousands of ids fit) and returns the rows, columns split on '|'.</summary>
    public async Task<List<string[]>> QueryAsync(string database, string sql)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, sql);
            var output = await RunAsync("psql", ["-qtAX", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", file]);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Copies tables' definitions (columns, keys, indexes; no data, owners or grants) from one database into another.</summary>
    public async Task CopySchemaAsync(string from, string to, IReadOnlyList<string> tables)
    {
        var arguments = new List<string> { "--schema-only", "--no-owner", "--no-privileges", "-d", from };
        foreach (var table in tables)
        {
            arguments.Add("-t");
            arguments.Add(table);
        }
        // Not the triggers: their functions stay behind, and a benchmark needs the tables' shape, not their guards.
        var schema = (await RunAsync("pg_dump", [.. arguments])).Split('\n').Where(l => !l.StartsWith("CREATE TRIGGER", StringComparison.Ordinal));
        await QueryAsync(to, string.Join('\n', schema));
    }

    public async Task<PgbenchResult> PgbenchAsync(string database, string script, int clients, TimeSpan duration)
    {
        var dir = Directory.CreateTempSubdirectory("koordinering-pgbench-");
        try
        {
            var file = Path.Combine(dir.FullName, "script.sql");
            await File.WriteAllTextAsync(file, script);
            var threads = Math.Min(clients, Environment.ProcessorCount);
            var output = await RunAsync("pgbench", ["-n", "-M", "prepared", "-f", file, "-c", N(clients), "-j", N(threads), "-T", N((int)Math.Max(1, duration.TotalSeconds)),
                "-l", "--log-prefix", Path.Combine(dir.FullName, "log"), "-d", database], workingDirectory: dir.FullName);
            var tps = output.Split('\n').Where(l => l.StartsWith("tps = ", StringComparison.Ordinal))
                .Select(l => double.Parse(l[6..].Split(' ')[0], CultureInfo.InvariantCulture)).FirstOrDefault();
            // Each log line: client, transaction, latency in microseconds, script, epoch seconds, microseconds.
            var latencies = Directory.GetFiles(dir.FullName, "log*").SelectMany(File.ReadLines)
                .Select(l => l.Split(' ')).Where(f => f.Length >= 3).Select(f => double.Parse(f[2], CultureInfo.InvariantCulture) / 1000).Order().ToList();
            return new PgbenchResult(clients, Math.Round(tps, 1), Math.Round(Percentiles.Of(latencies, 0.5), 2), Math.Round(Percentiles.Of(latencies, 0.99), 2), latencies.Count);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private async Task<string> RunAsync(string program, string[] arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PGHOST"] = "127.0.0.1";
        start.Environment["PGPORT"] = N(options.PgPort);
        start.Environment["PGUSER"] = "postgres";
        start.Environment["PGPASSWORD"] = _password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }
        return await stdout;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
