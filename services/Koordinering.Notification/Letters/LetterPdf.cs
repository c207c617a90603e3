using Koordinering.Notification.Texts;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace Koordinering.Notification.Letters;

/// <summary>
/// Turns a rendered letter into an A4 PDF with the municipality's letterhead: the subject as title, the body
/// wrapped to the margins, headings in bold, and a new page (with the page number at the foot) when a page is full.
/// The document is written with PDFsharp's PDF/A mode (<see cref="PdfDocument.SetPdfA"/>): embedded fonts,
/// XMP metadata and an sRGB output intent, for the archive.
/// </summary>
public sealed class LetterPdf
{
    private const double Margin = 56;     // 2 cm
    private const double BodySize = 11;
    private const double LineHeight = 15;
    private static readonly Lock FontSetup = new();
    private static bool _licensed;

    /// <param name="licenseKey">
    /// A commercial PDFsharp licence key. PDFsharp 6.5 refuses to write a document until a licence is loaded; without a key
    /// the free AGPL licence is loaded, whose terms the project must accept (see the README's "Letters as PDF").
    /// </param>
    public LetterPdf(string? licenseKey = null)
    {
        lock (FontSetup)
        {
            if (!_licensed)
            {
                _licensed = true;
                if (string.IsNullOrEmpty(licenseKey))
                {
                    PdfSharp.PdfSharpLicense.SetAgplLicense();
                }
                else
                {
                    PdfSharp.PdfSharpLicense.LoadLicense(licenseKey);
                }
            }
            GlobalFontSettings.FontResolver ??= new LetterFontResolver();
        }
    }

    public byte[] Render(RenderedText letter, Letterhead letterhead, string date)
    {
        using var document = new PdfDocument();
        document.SetPdfA();
        document.Info.Title = letter.Subject;
        document.Info.Author = letterhead.MunicipalityName;
        document.Info.Creator = "Koordinering";
        // SetPdfA makes PDFsharp tag the content (PDF/UA): every piece of text goes inside a structure element.
        var structure = UAManager.ForDocument(document);
        structure.SetDocumentLanguage("no");
        var tags = structure.StructureBuilder;

        var regular = new XFont(LetterFontResolver.Family, BodySize, XFontStyleEx.Regular);
        var bold = new XFont(LetterFontResolver.Family, BodySize, XFontStyleEx.Bold);
        var title = new XFont(LetterFontResolver.Family, 15, XFontStyleEx.Bold);
        var small = new XFont(LetterFontResolver.Family, 8, XFontStyleEx.Regular);

        var page = new LetterPage(document, small, tags);
        tags.BeginElement(PdfGroupingElementTag.Document);
        var width = page.Width - 2 * Margin;
        var y = Margin;
        tags.BeginElement(PdfBlockLevelElementTag.Paragraph);
        page.Graphics.DrawString(letterhead.MunicipalityName, title, XBrushes.Black, Margin, y + 15);
        y += 22;
        page.Graphics.DrawString(letterhead.Address, regular, XBrushes.Black, Margin, y + BodySize);
        y += LineHeight;
        page.Graphics.DrawString($"Org.nr. {letterhead.OrganizationNumber}", regular, XBrushes.Black, Margin, y + BodySize);
        page.Graphics.DrawString(date, regular, XBrushes.Black, new XRect(Margin, y, width, LineHeight), XStringFormats.TopRight);
        tags.End();
        y += LineHeight * 3;

        tags.BeginElement(PdfBlockLevelElementTag.Heading1);
        foreach (var line in Wrap(page.Graphics, letter.Subject, title, width))
        {
            page.Graphics.DrawString(line, title, XBrushes.Black, Margin, y + 15);
            y += 20;
        }
        tags.End();
        y += LineHeight;

        foreach (var block in LetterBlocks.Read(letter.Body))
        {
            var font = block.Heading ? bold : regular;
            var lines = block.Text.Length == 0 ? [""] : Wrap(page.Graphics, block.Text, font, width);
            foreach (var line in lines)
            {
                if (y + LineHeight > page.Height - Margin)
                {
                    page = page.Next(document, small, tags);
                    y = Margin;
                }
                if (line.Length > 0)
                {
                    tags.BeginElement(block.Heading ? PdfBlockLevelElementTag.Heading2 : PdfBlockLevelElementTag.Paragraph);
                    page.Graphics.DrawString(line, font, XBrushes.Black, Margin, y + BodySize);
                    tags.End();
                }
                y += LineHeight;
            }
        }
        tags.End();
        page.Finish();

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>Breaks a line into pieces that fit the width, at spaces; a word wider than the line is broken by characters.</summary>
    private static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (graphics.MeasureString(candidate, font).Width <= width)
            {
                current = candidate;
                continue;
            }
            if (current.Length > 0)
            {
                lines.Add(current);
            }
            current = word;
            while (current.Length > 1 && graphics.MeasureString(current, font).Width > width)
            {
                var fit = current.Length - 1;
                while (fit > 1 && graphics.MeasureString(current[..fit], font).Width > width)
                {
                    fit--;
                }
                lines.Add(current[..fit]);
                current = current[fit..];
            }
        }
        lines.Add(current);
        return lines;
    }
}
