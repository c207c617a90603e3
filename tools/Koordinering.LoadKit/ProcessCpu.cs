using System.Globalization;

namespace Koordinering.LoadKit;

/// <summary>Reads CPU time from Linux's /proc text: a process's <c>stat</c> line and the machine's <c>/proc/stat</c>.</summary>
public static class ProcessCpu
{
    /// <summary>Clock ticks a second in /proc (USER_HZ: 100 on every Linux this runs on).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>
    /// The parent pid and the user + system ticks of a <c>/proc/&lt;pid&gt;/stat</c> line. The command name in parentheses
    /// may hold spaces and parentheses itself, so the fields are counted from the last ')'.
    /// </summary>
    public static (int ParentPid, long Ticks) ParseStat(string line)
    {
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state (3), ppid (4), ... utime (14), stime (15); fields[0] is the state.
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    /// <summary>The busy ticks of all cores from /proc/stat's first line: everything but idle and iowait.</summary>
    public static long BusyTicks(string procStatFirstLine)
    {
        var fields = procStatFirstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal
        long Field(int i) => i < fields.Length ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        return Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
    }
}
