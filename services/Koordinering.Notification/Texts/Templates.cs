using Koordinering.Domain;
using System.Globalization;
using System.Text;
using Koordinering.Contracts.Events;

namespace Koordinering.Notification.Texts;

public sealed record RenderedText(string Subject, string Body);

/// <summary>
/// The letter and notice templates, one reviewable file per kind and written standard
/// (<c>Templates/{kind}.{nb|nn}.txt</c>): a "Subject:" line, a blank line, then the body with
/// <c>{{placeholders}}</c>.
/// </summary>
public sealed class Templates
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public Templates(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.txt"))
        {
            _files[Path.GetFileNameWithoutExtension(file)] = File.ReadAllText(file, Encoding.UTF8);
        }
    }

    public static Templates FromAppFolder() => new(Path.Combine(AppContext.BaseDirectory, "Templates"));

    public RenderedText Render(string kind, WrittenStandard standard, IReadOnlyDictionary<string, string> model)
    {
        var language = standard == WrittenStandard.Nn ? "nn" : "nb";
        if (!_files.TryGetValue($"{kind}.{language}", out var template))
        {
            throw new InvalidOperationException($"No template {kind}.{language}.");
        }
        var text = model.Aggregate(template.Replace("\r\n", "\n", StringComparison.Ordinal),
            (current, pair) => current.Replace("{{" + pair.Key + "}}", pair.Value, StringComparison.Ordinal));
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var subject = text[..split].Replace("Subject:", "", StringComparison.Ordinal).Trim();
        return new RenderedText(subject, text[(split + 2)..].Trim() + "\n");
    }

    /// <summary>"24. desember 2026": the services run without culture data (invariant globalization, ADR 9), so the
    /// months are spelt here. Bokmål and nynorsk spell every month the same.</summary>
    public static string Date(DateOnly date, WrittenStandard standard) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day}. {(standard == WrittenStandard.Nn ? NynorskMonths : BokmalMonths)[date.Month - 1]} {date.Year}");

    private static readonly string[] BokmalMonths = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];
    private static readonly string[] NynorskMonths = BokmalMonths;

    public static string RightName(RequestedRight right, WrittenStandard standard) => (right, standard == WrittenStandard.Nn) switch
    {
        (RequestedRight.Coordinator, _) => "Koordinator",
        (RequestedRight.ChildCoordinator, _) => "Barnekoordinator",
        (_, false) => "Individuell plan",
        (_, true) => "Individuell plan",
    };

    /// <summary>Each right's outcome, reasons and legal basis, for the decision letter.</summary>
    public static string Decisions(IEnumerable<RightDecision> decisions, WrittenStandard standard)
    {
        var nn = standard == WrittenStandard.Nn;
        var parts = decisions.Select(d =>
            $"{RightName(d.Right, standard)}: {(d.Outcome == DecisionOutcome.Granted ? (nn ? "innvilga" : "innvilget") : (nn ? "avslått" : "avslått"))}"
            + (d.Version > 1 ? (nn ? $" (endra vedtak, versjon {d.Version})" : $" (endret vedtak, versjon {d.Version})") : "")
            + $"\n{(nn ? "Grunngiving" : "Begrunnelse")}: {d.Reasons}\n{(nn ? "Heimel" : "Hjemmel")}: {d.LegalBasis}");
        return string.Join("\n\n", parts);
    }
}
