using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Koordinering.Bench;
using Koordinering.LoadKit;
using AppV1 = Koordinering.Application.V1;
using ConsentV1 = Koordinering.Consent.V1;
using PlanV1 = Koordinering.Plan.V1;

// tools/bench's driver: every figure of issue 20 in one run against the platform from tools/up, each beside a
// baseline measured on the same machine at the same moment, written to docs/bench/latest.json and latest.svg.
//   Koordinering.Bench --root DIR [--local DIR] [--pg-port N] [--grpc-base N] [--spare-base N] [--out DIR] [--rate N] [--event-seconds N] [--quick] [--only PART,...]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
var pg = new Postgres(options);
var tokens = LocalTokens.FromPemFile(Path.Combine(options.Local, "keys", "signing.key.pem"), TimeSpan.FromHours(2));
var started = DateTimeOffset.UtcNow;
Console.WriteLine($"Koordinering bench ({(options.Quick ? "quick" : "full")}): {options.Level.TotalSeconds:0.#} s a level, event path {options.Rate}/s for {options.EventSeconds} s");

// Every person the bench submits for is new: the position in the numbering is kept between runs (one open case per person).
var positionFile = Path.Combine(options.Local, "bench", "next-person");
Directory.CreateDirectory(Path.GetDirectoryName(positionFile)!);
var people = PersonNumbers.From(File.Exists(positionFile) ? long.Parse(File.ReadAllText(positionFile), CultureInfo.InvariantCulture) : 3_000_000);

using var channels = new Channels();
var figures = new List<Figure>();
try
{
    // a. SubmitApplication, closed loop at each concurrency, against pgbench running the submit's transaction.
    var application = new AppV1.ApplicationService.ApplicationServiceClient(channels.For(options.Grpc("application")));
    Func<int, Task> Submitter(int callers, string level)
    {
        var headers = Enumerable.Range(0, callers).Select(i => Bearer(tokens.Caseworker("0301", $"bench-caseworker-{level}-{i}"))).ToArray();
        return i => application.SubmitApplicationAsync(Submissions.For(people.Next(), "0301"), headers[i], deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync;
    }
    var submit = new List<LevelResult>();
    var submitBaseline = new List<PgbenchResult>();
    if (options.Runs("submit"))
    {
        Console.WriteLine("== SubmitApplication (closed loop) against pgbench on the submit's transaction");
        await ClosedLoop.RunAsync(8, options.WarmUp, TimeSpan.Zero, Submitter(8, "warm-up"));
        foreach (var callers in BenchOptions.Levels)
        {
            submit.Add(await ClosedLoop.RunAsync(callers, options.LevelWarmUp, options.Level, Submitter(callers, callers.ToString(CultureInfo.InvariantCulture))));
            Print("SubmitApplication", submit[^1]);
        }
        await Baselines.PrepareSubmitAsync(pg);
        foreach (var clients in BenchOptions.Levels)
        {
            submitBaseline.Add(await pg.PgbenchAsync(Baselines.ScratchDatabase, Baselines.SubmitScript, clients, options.Level));
            Print("pgbench submit", submitBaseline[^1]);
        }
        await Baselines.DropScratchAsync(pg);
        var at32 = submit.Single(l => l.Callers == 32);
        var pg32 = submitBaseline.Single(l => l.Clients == 32);
        figures.Add(new Figure("SubmitApplication req/s at 32 callers", at32.RequestsPerSecond, "req/s", pg32.Tps, Target.RatioAtLeast(0.5)));
        figures.Add(new Figure("SubmitApplication p99 at 32 callers", at32.P99Ms, "ms", pg32.P99Ms, Target.AtMost(20)));
    }

    // b. CheckConsent and GetPlan at 4 and 32 callers, against pgbench running the same indexed select.
    var reads = new Dictionary<string, List<(LevelResult Grpc, PgbenchResult Pgbench)>>(StringComparer.Ordinal) { ["CheckConsent"] = [], ["GetPlan"] = [] };
    if (options.Runs("reads"))
    {
        Console.WriteLine("== CheckConsent and GetPlan against pgbench's select");
        var probe = await Baselines.SeedConsentsAsync(pg, people);
        var consent = new ConsentV1.ConsentService.ConsentServiceClient(channels.For(options.Grpc("consent")));
        var planId = await Baselines.SeedPlanAsync(pg, people.Next());
        var plan = new PlanV1.PlanService.PlanServiceClient(channels.For(options.Grpc("plan")));
        foreach (var callers in new[] { 4, 32 })
        {
            var consentHeaders = Enumerable.Range(0, callers).Select(i => Bearer(tokens.System("987654321", "koordinering:consent.check", $"bench-client-{callers}-{i}"))).ToArray();
            var check = new ConsentV1.CheckConsentRequest { SubjectIdentityNumber = probe, Purpose = ConsentV1.ConsentPurpose.IndividualPlan };
            var grpc = await ClosedLoop.RunAsync(callers, options.LevelWarmUp, options.Level, i => consent.CheckConsentAsync(check, consentHeaders[i]).ResponseAsync);
            var baseline = await pg.PgbenchAsync("koordinering_consent", Baselines.ConsentScript(probe), callers, options.Level);
            reads["CheckConsent"].Add((grpc, baseline));
            Print("CheckConsent", grpc);
            Print("pgbench consent select", baseline);

            var planHeaders = Enumerable.Range(0, callers).Select(i => Bearer(tokens.Caseworker("0301", $"bench-reader-{callers}-{i}"))).ToArray();
            var get = new PlanV1.GetPlanRequest { PlanId = planId };
            grpc = await ClosedLoop.RunAsync(callers, options.LevelWarmUp, options.Level, i => plan.GetPlanAsync(get, planHeaders[i]).ResponseAsync);
            baseline = await pg.PgbenchAsync("koordinering_plan", Baselines.PlanScript(planId), callers, options.Level);
            reads["GetPlan"].Add((grpc, baseline));
            Print("GetPlan", grpc);
            Print("pgbench plan select", baseline);
        }
        await Baselines.RemoveSeedsAsync(pg);
        foreach (var (name, runs) in reads)
        {
            foreach (var (grpc, baseline) in runs)
            {
                figures.Add(new Figure($"{name} req/s at {grpc.Callers} callers", grpc.RequestsPerSecond, "req/s", baseline.Tps,
                    name == "CheckConsent" && grpc.Callers == 32 ? Target.RatioAtLeast(0.5) : null));
            }
        }
    }

    // c. The event path at a fixed rate: submit -> assessment -> receipt.
    EventPathResult? eventPath = null;
    if (options.Runs("events"))
    {
        Console.WriteLine($"== The event path: {options.Rate} submissions/s for {options.EventSeconds} s (open loop)");
        var cpuBefore = CpuUse.Read(options);
        eventPath = await EventPath.RunAsync(options, pg, application, people, tokens);
        var cpu = CpuUse.Between(cpuBefore, CpuUse.Read(options));
        Console.WriteLine($"acknowledged {eventPath.Acknowledged}/{eventPath.Sent}, assessed {eventPath.Assessed}, receipted {eventPath.Receipted} (drain {eventPath.DrainSeconds:0.#} s)");
        figures.Add(new Figure($"submit -> assessment p50 at {options.Rate}/s", eventPath.AssessmentP50Ms, "ms"));
        figures.Add(new Figure($"submit -> assessment p99 at {options.Rate}/s", eventPath.AssessmentP99Ms, "ms"));
        figures.Add(new Figure($"submit -> receipt p50 at {options.Rate}/s", eventPath.ReceiptP50Ms, "ms"));
        figures.Add(new Figure($"submit -> receipt p99 at {options.Rate}/s", eventPath.ReceiptP99Ms, "ms", Target: Target.AtMost(250)));
        figures.Add(new Figure("receipts within the drain limit (of acknowledged)", eventPath.Receipted, "receipts", eventPath.Acknowledged, Target.RatioAtLeast(1)));
        figures.Add(new Figure("event path receipts/s (of front door acks/s)", eventPath.ReceiptsPerSecond, "/s", eventPath.AcknowledgedPerSecond, Target.RatioAtLeast(0.99)));
        // What the run cost each process, per acknowledged submission (drain included; PostgreSQL's figure includes the bench's own reads).
        foreach (var (process, seconds) in cpu)
        {
            var perSubmission = eventPath.Acknowledged == 0 ? 0 : Math.Round(seconds * 1000 / eventPath.Acknowledged, 2);
            Console.WriteLine($"CPU {process,-18} {seconds,7:0.00} s   {perSubmission,6:0.00} ms a submission");
            figures.Add(new Figure($"CPU per submission: {process}", perSubmission, "ms"));
        }
    }

    // d. Start-up and idle memory of each service alone.
    var startup = new List<StartupResult>();
    if (options.Runs("startup"))
    {
        Console.WriteLine("== Start-up and idle memory (each service alone, on spare ports)");
    }
    foreach (var service in options.Runs("startup") ? BenchOptions.Services : [])
    {
        var result = await Startup.MeasureAsync(options, service);
        startup.Add(result);
        Console.WriteLine($"{service,-13} ready {result.ReadySeconds,5:0.00} s   idle RSS {result.RssMb,4:0} MB   PSS {result.PssMb,4:0} MB");
        figures.Add(new Figure($"{service} ready", result.ReadySeconds, "s", Target: Target.AtMost(3)));
        figures.Add(new Figure($"{service} idle RSS", result.RssMb, "MB", Target: Target.AtMost(120)));
    }

    // e. The report: a table, the JSON and the plot.
    var machine = await Machine.DescribeAsync(options.Root);
    Report.PrintTable(figures);
    if (options.Only.Count > 0 || eventPath is null)
    {
        Console.WriteLine("A run of some parts (--only): no report written.");
        return figures.All(f => f.Passed != false) ? 0 : 1;
    }
    await Report.WriteAsync(options, machine, started, submit, submitBaseline, reads, eventPath, startup, figures);
    Console.WriteLine($"Wrote {Path.Combine(options.OutDir, "latest.json")} and latest.svg");
    return figures.All(f => f.Passed != false) ? 0 : 1;
}
finally
{
    await File.WriteAllTextAsync(positionFile, people.Position.ToString(CultureInfo.InvariantCulture));
}

static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

static void Print(string what, object result) => Console.WriteLine(result switch
{
    LevelResult l => $"{what,-24} {l.Callers,3} callers  {l.RequestsPerSecond,9:0.0} req/s  p50 {l.P50Ms,7:0.00} ms  p99 {l.P99Ms,7:0.00} ms"
        + (l.Failures.Count == 0 ? "" : "  failed: " + string.Join(", ", l.Failures.Select(f => $"{f.Key} {f.Value}"))),
    PgbenchResult p => $"{what,-24} {p.Clients,3} clients  {p.Tps,9:0.0} tps    p50 {p.P50Ms,7:0.00} ms  p99 {p.P99Ms,7:0.00} ms",
    _ => result.ToString(),
});

/// <summary>One HTTP/2 channel a service, shared by its callers (more than one connection when streams run out).</summary>
internal sealed class Channels : IDisposable
{
    private readonly Dictionary<Uri, GrpcChannel> _channels = [];

    public GrpcChannel For(Uri address)
    {
        if (!_channels.TryGetValue(address, out var channel))
        {
            channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) },
            });
            _channels[address] = channel;
        }
        return channel;
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
