using System.Diagnostics;
using System.Text.RegularExpressions;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Notification.Letters;
using Koordinering.Notification.Texts;

namespace Koordinering.UnitTests;

/// <summary>
/// The letters as PDF, read back with poppler's pdftotext: every kind in both written standards carries the
/// letterhead and its whole text, the decision letter its legal parts, and no word is lost at a page break.
/// </summary>
public sealed partial class LetterPdfTests
{
    private static readonly Letterhead Head = new("Trondheim kommune", "Postboks 2300 Torgarden, 7004 Trondheim", "942110464");
    private static readonly Templates Templates = Templates.FromAppFolder();

    public static TheoryData<string, WrittenStandard> Kinds()
    {
        var data = new TheoryData<string, WrittenStandard>();
        foreach (var kind in new[] { "decision", "interim_reply", "coordinator_assigned", "coordination_lead", "evaluation_due", "meeting", "short" })
        {
            data.Add(kind, WrittenStandard.Nb);
            data.Add(kind, WrittenStandard.Nn);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_letter_carries_the_letterhead_and_its_whole_text(string kind, WrittenStandard standard)
    {
        var letter = Templates.Render(kind, standard, Model(standard));

        var text = PdfText(new LetterPdf().Render(letter, Head, "25. november 2026"));

        Assert.Contains("Trondheim kommune", text);
        Assert.Contains("Postboks 2300 Torgarden, 7004 Trondheim", text);
        Assert.Contains("942110464", text);
        Assert.Contains(Words(letter.Subject), Words(text));
        Assert.Contains(Words(letter.Body), Words(text));
    }

    [Theory]
    [InlineData(WrittenStandard.Nb, "Begrunnelse: Behovet er langvarig", "Hjemmel: pasient- og brukerrettighetsloven § 2-5 b", "innen 4 uker", "Statsforvalteren", "forvaltningsloven §§ 18 og 19")]
    [InlineData(WrittenStandard.Nn, "Grunngiving: Behovet er langvarig", "Heimel: pasient- og brukerrettighetsloven § 2-5 b", "innan 4 veker", "Statsforvaltaren", "forvaltningslova §§ 18 og 19")]
    public void The_decision_letter_has_reasons_legal_basis_complaint_route_and_the_right_to_see_documents(WrittenStandard standard, params string[] parts)
    {
        var text = Words(PdfText(new LetterPdf().Render(Templates.Render("decision", standard, Model(standard)), Head, "25. november 2026")));

        Assert.All(parts, part => Assert.Contains(Words(part), text));
    }

    [Fact]
    public void A_long_letter_breaks_onto_more_pages_without_losing_a_word()
    {
        var reasons = string.Join(' ', Enumerable.Range(1, 900).Select(i => $"ord{i}"));
        var decisions = Enumerable.Range(1, 3).Select(v => new RightDecision(Guid.NewGuid(), RequestedRight.Coordinator, DecisionOutcome.Granted, v,
            "pasient- og brukerrettighetsloven § 2-5 b", reasons, []));
        var letter = Templates.Render("decision", WrittenStandard.Nb,
            new Dictionary<string, string> { ["decisions"] = Templates.Decisions(decisions, WrittenStandard.Nb) });

        var pdf = new LetterPdf().Render(letter, Head, "25. november 2026");
        var text = PdfText(pdf);

        Assert.True(PageCount(text) >= 3, $"expected several pages, got {PageCount(text)}");
        // The page numbers at the feet of the pages stand between the pages' words; leave every number-only word out of both.
        Assert.Contains(WithoutNumbers(letter.Body), WithoutNumbers(text));
    }

    [Fact]
    public void The_document_is_written_in_pdfa_mode_with_the_fonts_embedded()
    {
        var pdf = new LetterPdf().Render(Templates.Render("short", WrittenStandard.Nb, Model(WrittenStandard.Nb)), Head, "25. november 2026");
        var path = Path.Combine(Path.GetTempPath(), $"letter-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var fonts = Run("pdffonts", path);
            Assert.True(fonts.Contains("DejaVu", StringComparison.Ordinal), fonts);
            var faces = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
            Assert.NotEmpty(faces);
            Assert.All(faces, face => Assert.Equal("yes", FontColumns().Match(face).Groups["embedded"].Value));
            var info = Run("pdfinfo", "-meta", path);
            Assert.True(info.Contains("pdfaid:part", StringComparison.Ordinal), info);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_municipality_without_a_configured_letterhead_gets_one_naming_its_number()
    {
        var options = new LetterOptions { Letterheads = { ["5001"] = Head } };

        Assert.Equal(Head, options.LetterheadFor("5001"));
        Assert.Equal(new Letterhead("Kommune 0301", "", ""), options.LetterheadFor("0301"));
    }

    private static Dictionary<string, string> Model(WrittenStandard standard) => new()
    {
        ["decisions"] = Templates.Decisions(
            [new RightDecision(Guid.NewGuid(), RequestedRight.Coordinator, DecisionOutcome.Granted, 1, "pasient- og brukerrettighetsloven § 2-5 b", "Behovet er langvarig og koordinert.", [])], standard),
        ["expected_date"] = Templates.Date(new DateOnly(2026, 12, 24), standard),
        ["reason"] = "Vi venter på opplysninger fra fastlegen.",
        ["portal"] = "https://koordinering.example.no",
        ["role"] = "koordinator",
        ["change"] = "ny",
        ["contact"] = "Kari Nordmann, 900 00 000",
        ["lead"] = "Helsetjenesten",
        ["services"] = "hjemmesykepleie, fysioterapi",
        ["subject"] = "koordinering",
        ["date"] = Templates.Date(new DateOnly(2027, 3, 1), standard),
        ["when"] = "1. mars 2027 kl. 10.00",
        ["where"] = "Rådhuset, møterom 2",
        ["topic"] = "planen din",
    };

    /// <summary>The text with every run of whitespace (line breaks, page breaks) made one space, so layout does not matter.</summary>
    private static string Words(string text) => Whitespace().Replace(text, " ").Trim();

    private static int PageCount(string text) => text.Count(c => c == '\f');

    private static string WithoutNumbers(string text) =>
        string.Join(' ', Words(text).Split(' ').Where(word => !word.All(char.IsAsciiDigit)));

    private static string PdfText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"letter-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            return Run("pdftotext", "-enc", "UTF-8", path, "-");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<embedded>yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$")]
    private static partial Regex FontColumns();
}
