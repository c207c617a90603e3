using System.Globalization;

namespace Koordinering.Bench;

/// <summary>
/// What tools/bench passes: where the platform is (the repository, its .local folder, PostgreSQL's port, the
/// services' gRPC addresses, spare ports for the start-up runs) and how long each run lasts.
/// </summary>
internal sealed record BenchOptions(string Root, string Local, int PgPort, int GrpcBase, int SpareBase, bool Quick, string OutDir, int Rate, int EventSeconds, IReadOnlySet<string> Only)
{
    public static readonly string[] Services = ["application", "eligibility", "plan", "consent", "notification"];
    public static readonly int[] Levels = [1, 2, 4, 8, 16, 32, 64];

    public TimeSpan Level => TimeSpan.FromSeconds(Quick ? 3 : 15);
    public TimeSpan LevelWarmUp => TimeSpan.FromSeconds(Quick ? 0.5 : 2);
    public TimeSpan WarmUp => TimeSpan.FromSeconds(Quick ? 3 : 10);
    public TimeSpan Drain => TimeSpan.FromSeconds(Quick ? 30 : 60);
    public TimeSpan Idle => TimeSpan.FromSeconds(Quick ? 5 : 10);

    /// <summary>The parts of a run: a run of some of them (<c>--only reads,events</c>) prints its figures and writes no report.</summary>
    public static readonly string[] Parts = ["submit", "reads", "events", "startup"];

    public bool Runs(string part) => Only.Count == 0 || Only.Contains(part);

    public Uri Grpc(string service) => new($"http://127.0.0.1:{GrpcBase + Array.IndexOf(Services, service) + 1}");

    private static HashSet<string> ParseParts(string list)
    {
        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = parts.Except(BenchOptions.Parts).ToList();
        return unknown.Count == 0 ? parts : throw new ArgumentException($"--only takes {string.Join(", ", BenchOptions.Parts)}; not {string.Join(", ", unknown)}");
    }

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
            }
            else if (i + 1 < args.Length)
            {
                values[args[i].TrimStart('-')] = args[++i];
            }
            else
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }
        }
        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var root = Required("root");
        return new BenchOptions(root, values.GetValueOrDefault("local", Path.Combine(root, ".local")), Number("pg-port", 7432), Number("grpc-base", 7100),
            Number("spare-base", 7390), quick, values.GetValueOrDefault("out", Path.Combine(root, "docs", "bench")), Number("rate", 200), Number("event-seconds", quick ? 10 : 30),
            values.TryGetValue("only", out var only) ? ParseParts(only) : new HashSet<string>(StringComparer.Ordinal));
    }
}
