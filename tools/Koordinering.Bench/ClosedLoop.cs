using System.Diagnostics;
using Grpc.Core;
using Koordinering.LoadKit;

namespace Koordinering.Bench;

/// <summary>One concurrency level: successful calls per second and their latency percentiles; failed calls by status.</summary>
internal sealed record LevelResult(int Callers, double RequestsPerSecond, double P50Ms, double P99Ms, long Calls, Dictionary<string, int> Failures);

/// <summary>
/// Closed-loop callers: each caller calls again as soon as its answer came. Calls that end inside the measured window
/// (after the warm-up) count; a failed call counts by its status and not as throughput.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LevelResult> RunAsync(int callers, TimeSpan warmUp, TimeSpan duration, Func<int, Task> call)
    {
        var latencies = new List<double>[callers];
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var end = warmUp + duration;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async i =>
        {
            await Task.Yield();
            var mine = latencies[i] = [];
            while (clock.Elapsed < end)
            {
                var started = clock.Elapsed;
                string? failed = null;
                try
                {
                    await call(i);
                }
                catch (RpcException ex)
                {
                    failed = ex.StatusCode.ToString();
                }
                var ended = clock.Elapsed;
                if (ended < warmUp || ended > end)
                {
                    continue;
                }
                if (failed is null)
                {
                    mine.Add((ended - started).TotalMilliseconds);
                }
                else
                {
                    lock (failures)
                    {
                        failures[failed] = failures.GetValueOrDefault(failed) + 1;
                    }
                    await Task.Delay(50);
                }
            }
        }));
        var sorted = latencies.SelectMany(l => l).Order().ToList();
        return new LevelResult(callers, Math.Round(sorted.Count / duration.TotalSeconds, 1), Math.Round(Percentiles.Of(sorted, 0.5), 2), Math.Round(Percentiles.Of(sorted, 0.99), 2), sorted.Count, failures);
    }
}
