using System.Globalization;
using System.Text.Json;
using Koordinering.LoadKit;

namespace Koordinering.Bench;

/// <summary>The run's outcome: a table on the console, docs/bench/latest.json and docs/bench/latest.svg.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void PrintTable(IReadOnlyList<Figure> figures)
    {
        Console.WriteLine();
        Console.WriteLine($"{"figure",-52} {"value",14} {"baseline",12} {"ratio",7}  {"target",-24} result");
        foreach (var f in figures)
        {
            Console.WriteLine($"{f.Name,-52} {Value(f.Value) + " " + f.Unit,14} {(f.Baseline is { } b ? Value(b) : "-"),12} {(f.Ratio is { } r ? r.ToString("0%", CultureInfo.InvariantCulture) : "-"),7}  {f.Target?.Describe(f.Unit) ?? "-",-24} {f.Passed switch { true => "pass", false => "FAIL", null => "" }}");
        }
    }

    public static async Task WriteAsync(BenchOptions options, Machine machine, DateTimeOffset started, List<LevelResult> submit, List<PgbenchResult> submitBaseline,
        Dictionary<string, List<(LevelResult Grpc, PgbenchResult Pgbench)>> reads, EventPathResult eventPath, List<StartupResult> startup, List<Figure> figures)
    {
        Directory.CreateDirectory(options.OutDir);
        var document = new
        {
            started,
            finished = DateTimeOffset.UtcNow,
            quick = options.Quick,
            secondsPerLevel = options.Level.TotalSeconds,
            machine,
            submitApplication = new { grpc = submit, pgbench = submitBaseline, baselineScript = Baselines.SubmitScript },
            reads = reads.ToDictionary(r => r.Key, r => r.Value.Select(v => new { grpc = v.Grpc, pgbench = v.Pgbench }).ToList()),
            eventPath,
            startup,
            figures = figures.Select(f => new { f.Name, f.Value, f.Unit, f.Baseline, f.Ratio, target = f.Target?.Describe(f.Unit), f.Passed }),
        };
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "latest.json"), JsonSerializer.Serialize(document, Json) + "\n");
        var caption = $"{started:yyyy-MM-dd HH:mm} UTC, {(options.Quick ? "quick run" : "full run")}, {options.Level.TotalSeconds:0.#} s a level; {machine.Cores} cores, {machine.MemoryGb:0.#} GB, {machine.Cpu}; {machine.Dotnet}; {machine.Commit}";
        var svg = SvgPlot.Render(caption, Panels(submit, submitBaseline, eventPath));
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "latest.svg"), svg.Declaration + "\n" + svg.Root + "\n");
    }

    public static IReadOnlyList<object> Panels(List<LevelResult> submit, List<PgbenchResult> submitBaseline, EventPathResult eventPath) =>
    [
        new LinePanel("SubmitApplication throughput", "concurrent callers (pgbench clients)", "transactions / s",
        [
            new Series("SubmitApplication (gRPC)", "#1f6fb4", submit.Select(l => ((double)l.Callers, l.RequestsPerSecond)).ToList()),
            new Series("pgbench, same transaction", "#888888", submitBaseline.Select(l => ((double)l.Clients, l.Tps)).ToList()),
        ]),
        new LinePanel("SubmitApplication p99 latency", "concurrent callers (pgbench clients)", "ms",
        [
            new Series("SubmitApplication (gRPC)", "#1f6fb4", submit.Select(l => ((double)l.Callers, l.P99Ms)).ToList()),
            new Series("pgbench, same transaction", "#888888", submitBaseline.Select(l => ((double)l.Clients, l.P99Ms)).ToList()),
        ], Target: 20),
        new BarPanel($"Event path at {eventPath.Rate}/s (ms after the ack)", "ms",
        [
            ("assessed p50", eventPath.AssessmentP50Ms), ("assessed p99", eventPath.AssessmentP99Ms),
            ("receipt p50", eventPath.ReceiptP50Ms), ("receipt p99", eventPath.ReceiptP99Ms),
        ], Target: 250),
    ];

    private static string Value(double v) => v >= 100 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
}
