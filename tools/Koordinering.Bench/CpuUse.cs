using Koordinering.LoadKit;

namespace Koordinering.Bench;

/// <summary>
/// CPU seconds so far of each service of tools/up (its pid file), of PostgreSQL (the postmaster and its children) and
/// of the whole machine, read from /proc; two readings give what a run cost each of them.
/// </summary>
internal static class CpuUse
{
    public const string Machine = "the whole machine";
    public const string Postgres = "postgresql";

    public static Dictionary<string, double> Read(BenchOptions options)
    {
        var stats = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit))
            .Select(n => (Pid: int.Parse(n!, System.Globalization.CultureInfo.InvariantCulture), Stat: TryStat(n!)))
            .Where(p => p.Stat is not null).ToDictionary(p => p.Pid, p => p.Stat!.Value);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var service in BenchOptions.Services)
        {
            var pidFile = Path.Combine(options.Local, "pids", $"{service}.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && stats.TryGetValue(pid, out var stat))
            {
                seconds[service] = stat.Ticks / ProcessCpu.TicksPerSecond;
            }
        }
        var postmasterFile = Path.Combine(options.Local, "pg", "data", "postmaster.pid");
        if (File.Exists(postmasterFile) && int.TryParse(File.ReadLines(postmasterFile).First().Trim(), out var postmaster) && stats.TryGetValue(postmaster, out var own))
        {
            seconds[Postgres] = (own.Ticks + stats.Values.Where(s => s.ParentPid == postmaster).Sum(s => s.Ticks)) / ProcessCpu.TicksPerSecond;
        }
        seconds[Machine] = ProcessCpu.BusyTicks(File.ReadLines("/proc/stat").First()) / ProcessCpu.TicksPerSecond;
        return seconds;
    }

    /// <summary>What each used between two readings; a process missing from either is left out (it restarted).</summary>
    public static Dictionary<string, double> Between(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Where(a => before.ContainsKey(a.Key)).ToDictionary(a => a.Key, a => a.Value - before[a.Key], StringComparer.Ordinal);

    private static (int ParentPid, long Ticks)? TryStat(string pid)
    {
        try
        {
            return ProcessCpu.ParseStat(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // it ended between the listing and the reading
        }
    }
}
