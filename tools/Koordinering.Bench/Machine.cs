using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Koordinering.Bench;

/// <summary>The machine a run was made on: figures mean little without it.</summary>
internal sealed record Machine(int Cores, double MemoryGb, string Cpu, string Os, string Dotnet, string Commit)
{
    public static async Task<Machine> DescribeAsync(string root)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? (await File.ReadAllLinesAsync("/proc/cpuinfo")).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var memoryKb = File.Exists("/proc/meminfo")
            ? double.Parse((await File.ReadAllLinesAsync("/proc/meminfo")).First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        return new Machine(Environment.ProcessorCount, Math.Round(memoryKb / 1024 / 1024, 1), cpu, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, await CommitAsync(root));
    }

    private static async Task<string> CommitAsync(string root)
    {
        try
        {
            var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            foreach (var argument in new[] { "describe", "--always", "--dirty", "--abbrev=12" })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output.Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
