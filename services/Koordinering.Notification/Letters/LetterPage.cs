using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace Koordinering.Notification.Letters;

/// <summary>One A4 page of a letter being drawn, with its page number at the foot.</summary>
internal sealed class LetterPage
{
    private readonly PdfPage _page;
    private readonly XFont _footer;
    private readonly int _number;
    private readonly StructureBuilder _tags;

    public LetterPage(PdfDocument document, XFont footer, StructureBuilder tags, int number = 1)
    {
        _page = document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _footer = footer;
        _number = number;
        _tags = tags;
        Graphics = XGraphics.FromPdfPage(_page);
    }

    public XGraphics Graphics { get; }
    public double Width => _page.Width.Point;
    public double Height => _page.Height.Point;

    public LetterPage Next(PdfDocument document, XFont footer, StructureBuilder tags)
    {
        Finish();
        return new LetterPage(document, footer, tags, _number + 1);
    }

    public void Finish()
    {
        // The page number is layout, not content: an artifact, outside the document's structure.
        _tags.BeginArtifact();
        Graphics.DrawString($"{_number}", _footer, XBrushes.Black,
            new XRect(0, Height - 36, Width, 12), XStringFormats.Center);
        _tags.End();
        Graphics.Dispose();
    }
}
