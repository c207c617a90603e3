using System.Diagnostics;
using System.Globalization;

namespace Koordinering.Bench;

/// <summary>A service started alone: seconds to /health/ready, then its resident and proportional memory after idling.</summary>
internal sealed record StartupResult(string Service, double ReadySeconds, double RssMb, double PssMb);

/// <summary>
/// Starts one built service alone on spare ports, with the environment tools/up gives it (tools/lib/services.sh's
/// service_env), and measures how long it takes to answer ready and how much memory it holds once idle.
/// </summary>
internal static class Startup
{
    public static async Task<StartupResult> MeasureAsync(BenchOptions options, string service)
    {
        var grpc = options.SpareBase;
        var http = options.SpareBase + 1;
        var gateway = options.SpareBase + 2;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(options.Root, "services", $"Koordinering.{Capitalised(service)}", "bin", "Release", "net10.0"),
        };
        start.ArgumentList.Add($"Koordinering.{Capitalised(service)}.dll");
        foreach (var line in await ServiceEnvironmentAsync(options, service))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                start.Environment[line[..equals]] = line[(equals + 1)..];
            }
        }
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpc}";
        start.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{http}";
        start.Environment["Kestrel__Endpoints__Gateway__Url"] = $"http://127.0.0.1:{gateway}";
        using var ready = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{service} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"{service} did not become ready alone on port {http}");
                }
                try
                {
                    using var response = await ready.GetAsync(new Uri($"http://127.0.0.1:{http}/health/ready"));
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(20);
            }
            var readySeconds = clock.Elapsed.TotalSeconds;
            await Task.Delay(options.Idle);
            var rollup = await File.ReadAllLinesAsync($"/proc/{process.Id}/smaps_rollup");
            double Kb(string key) => double.Parse(rollup.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return new StartupResult(service, Math.Round(readySeconds, 2), Math.Round(Kb("Rss:") / 1024, 1), Math.Round(Kb("Pss:") / 1024, 1));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static string Capitalised(string service) => char.ToUpperInvariant(service[0]) + service[1..];

    private static async Task<string[]> ServiceEnvironmentAsync(BenchOptions options, string service)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("source \"$1/tools/lib/services.sh\" && service_env \"$2\"");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(options.Root);
        start.ArgumentList.Add(service);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
